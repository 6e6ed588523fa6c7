package io.storyreel.core.config;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * What the chat platforms (and the libraries that speak to them) accept as a bot token, a bot username, a guild id and
 * a user key, checked when the settings are read so a wrong one stops the bot with one line instead of failing later
 * inside Discord4J or at the first update. Messages never repeat a token.
 */
final class PlatformFormats {
    private PlatformFormats() {
    }

    /** Empty (Telegram off) or {@code <bot id>:<secret>} as @BotFather gives it. */
    static String telegramToken(String v) {
        if (v == null || v.isBlank()) {
            return v;
        }
        if (!v.strip().matches("\\d+:[A-Za-z0-9_-]+")) {
            throw new ConfigException("telegram.token: not a Telegram bot token (digits, a colon, then letters, digits, "
                    + "'-' and '_', as @BotFather gives it)");
        }
        return v.strip();
    }

    /**
     * Empty (Discord off) or a bot token whose first part is the bot's id in base64, which is how Discord4J reads it
     * ({@code TokenUtil.getSelfId}); an application's client secret or public key is refused here rather than there.
     */
    static String discordToken(String v) {
        if (v == null || v.isBlank()) {
            return v;
        }
        String t = v.strip();
        String problem = "discord.token: not a Discord bot token (take it from the developer portal's Bot page, not the "
                + "application's client secret or public key)";
        if (!t.matches("[A-Za-z0-9+/=_-]+(\\.[A-Za-z0-9+/=_-]+)+")) {
            throw new ConfigException(problem);
        }
        try {
            Long.parseLong(new String(Base64.getDecoder().decode(t.split("\\.")[0]), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(problem);
        }
        return t;
    }

    /** Empty (asked from getMe) or a Telegram username: 5 to 32 letters, digits and '_', starting with a letter. */
    static String botUsername(String v) {
        if (v == null || v.isBlank()) {
            return v;
        }
        String u = v.strip().replaceFirst("^@", "");
        if (!u.matches("[A-Za-z][A-Za-z0-9_]{4,31}")) {
            throw new ConfigException("telegram.bot-username: not a Telegram username (5 to 32 letters, digits and '_', "
                    + "starting with a letter): '" + v.strip() + "'");
        }
        return u;
    }

    /** Empty (global commands) or a Discord snowflake. */
    static String guildId(String v) {
        if (v == null || v.isBlank()) {
            return v;
        }
        if (!v.strip().matches("\\d{1,20}")) {
            throw new ConfigException("discord.guild-id: not a Discord server id (digits only): '" + v.strip() + "'");
        }
        return v.strip();
    }

    /** Each user as core names them: {@code PLATFORM:id}, e.g. {@code TELEGRAM:12345}. */
    static void userKeys(String key, List<String> users) {
        for (String u : users) {
            if (!u.matches("[A-Z]+:[^\\s:]+")) {
                throw new ConfigException(key + ": '" + u + "' is not PLATFORM:id (e.g. TELEGRAM:12345 or DISCORD:"
                        + "81234567890123456)");
            }
        }
    }
}
