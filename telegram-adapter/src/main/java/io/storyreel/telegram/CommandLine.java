package io.storyreel.telegram;

import org.telegram.telegrambots.meta.api.objects.MessageEntity;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A command parsed from message text. We parse it ourselves from the text and the {@code bot_command} entity's
 * offset and length instead of {@code Message.getCommand()}, which in TelegramBots 10.2.0 misses commands whose
 * entity text was not computed yet (spec B7).
 *
 * @param name      lower case, without the slash and without {@code @botname}
 * @param target    the bot named after {@code @}, or null for a bare command
 * @param rawArgs   everything after the command, trimmed
 * @param args      {@code rawArgs} split on whitespace
 */
record CommandLine(String name, String target, String rawArgs, List<String> args) {

    static Optional<CommandLine> parse(String text, List<MessageEntity> entities) {
        if (text == null || !text.startsWith("/")) {
            return Optional.empty();
        }
        int end = -1;
        if (entities != null) {
            for (MessageEntity e : entities) {
                if ("bot_command".equals(e.getType()) && e.getOffset() != null && e.getOffset() == 0
                        && e.getLength() != null) {
                    end = Math.min(text.length(), e.getLength());
                }
            }
        }
        if (end < 0) {
            // no entity: accept what a client would have marked (/word or /word@bot)
            end = 1;
            while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                end++;
            }
            if (!text.substring(1, end).matches("[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?")) {
                return Optional.empty();
            }
        }
        String token = text.substring(1, end);
        int at = token.indexOf('@');
        String name = (at < 0 ? token : token.substring(0, at)).toLowerCase(Locale.ROOT);
        String target = at < 0 ? null : token.substring(at + 1);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        String raw = text.substring(end).trim();
        List<String> args = raw.isEmpty() ? List.of() : Arrays.asList(raw.split("\\s+"));
        return Optional.of(new CommandLine(name, target, raw, List.copyOf(args)));
    }

    /** True when the command names no bot or names this one. */
    boolean isFor(String botUsername) {
        return target == null || target.equalsIgnoreCase(botUsername);
    }
}
