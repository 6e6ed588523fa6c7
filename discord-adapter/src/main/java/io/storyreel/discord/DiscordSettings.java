package io.storyreel.discord;

import io.storyreel.core.download.DownloadPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to reach Discord. {@code restBaseUrl} is {@code https://discord.com/api/v10} in production and the fake's URL in
 * tests; {@code gatewayUrl} overrides the URL that {@code GET /gateway} returns (null: use that one);
 * {@code uploadLimitBytes} is the largest film the bot posts where no interaction told a higher or lower limit (20
 * MiB: Discord's default for bots since September 2026; an interaction's {@code attachment_size_limit} wins for its
 * channel); {@code guildId}
 * (optional) registers the commands in that guild only, where they appear at once (global commands take a while and
 * are also offered in DMs); {@code maxAttachmentBytes} is the largest attachment downloaded, under the
 * {@code downloads} rules (which hosts are trusted, the deadline; by default the REST host and Discord's https CDN).
 */
public record DiscordSettings(String token, String restBaseUrl, String gatewayUrl, long uploadLimitBytes,
                              String guildId, long maxAttachmentBytes, DownloadPolicy downloads) {
    public static final String DISCORD_REST = "https://discord.com/api/v10";
    public static final long DEFAULT_UPLOAD_LIMIT = 20L * 1024 * 1024;
    /** Larger attachments are refused before download; core's own image rules are much stricter. */
    public static final long DEFAULT_ATTACHMENT_LIMIT = 25L * 1024 * 1024;

    public DiscordSettings {
        Objects.requireNonNull(token, "token");
        restBaseUrl = restBaseUrl == null || restBaseUrl.isBlank() ? DISCORD_REST : restBaseUrl;
        uploadLimitBytes = uploadLimitBytes <= 0 ? DEFAULT_UPLOAD_LIMIT : uploadLimitBytes;
        guildId = guildId == null || guildId.isBlank() ? null : guildId.trim();
        maxAttachmentBytes = maxAttachmentBytes <= 0 ? DEFAULT_ATTACHMENT_LIMIT : maxAttachmentBytes;
        downloads = downloads != null ? downloads
                : DownloadPolicy.trusting(List.of(restBaseUrl), Duration.ofMinutes(5), 0);
    }

    public DiscordSettings(String token, String restBaseUrl, String gatewayUrl, long uploadLimitBytes,
                           String guildId) {
        this(token, restBaseUrl, gatewayUrl, uploadLimitBytes, guildId, 0, null);
    }

    public DiscordSettings(String token, String restBaseUrl, String gatewayUrl, long uploadLimitBytes) {
        this(token, restBaseUrl, gatewayUrl, uploadLimitBytes, null);
    }

    public static DiscordSettings of(String token) {
        return new DiscordSettings(token, DISCORD_REST, null, DEFAULT_UPLOAD_LIMIT, null);
    }

    @Override
    public String toString() {
        return "DiscordSettings[token=***, restBaseUrl=" + restBaseUrl + ", gatewayUrl=" + gatewayUrl
                + ", uploadLimitBytes=" + uploadLimitBytes + ", guildId=" + guildId + ", maxAttachmentBytes="
                + maxAttachmentBytes + "]";
    }
}
