package io.storyreel.telegram;

import io.storyreel.core.download.DownloadPolicy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * How to reach Telegram and how politely to talk to it.
 *
 * @param token            the bot token from @BotFather (a secret: never logged, masked in {@link #toString()})
 * @param apiBaseUrl       {@code https://api.telegram.org} for the real Telegram, or a local/fake Bot API server
 * @param fileBaseUrl      where {@code /file/bot<token>/<path>} downloads are served (the real API: same host)
 * @param uploadLimitBytes the largest file the bot may upload (cloud Bot API: 50 MB)
 * @param albumQuiet       an album is complete when no part arrived for this long (there is no end signal)
 * @param albumCap         an album is emitted at the latest this long after its first part
 * @param privateInterval  the minimum gap between calls into one private chat (Telegram: about 1 per second)
 * @param groupInterval    the minimum gap between calls into one group (Telegram: 20 per minute)
 * @param activityEvery    how often the {@code upload_video} chat action is repeated during an upload (it fades
 *                         after about 5 s)
 * @param maxFileBytes     the largest file downloaded from Telegram (the cloud Bot API serves at most 20 MB), enforced
 *                         while reading whatever the server announces
 * @param localFilesDir    where a local Bot API server keeps its files: the only place an absolute {@code file_path}
 *                         may point to (null: absolute paths are refused)
 * @param downloads        the rules file downloads follow (which hosts are trusted, the deadline)
 * @param webhook          null: long polling; else Telegram POSTs updates to the webhook
 */
public record TelegramSettings(String token, String apiBaseUrl, String fileBaseUrl, long uploadLimitBytes,
                               Duration albumQuiet, Duration albumCap, Duration privateInterval,
                               Duration groupInterval, Duration activityEvery, long maxFileBytes, Path localFilesDir,
                               DownloadPolicy downloads, Webhook webhook) {
    /**
     * Webhook mode: Telegram POSTs to {@code publicUrl} (an https address the reverse proxy forwards to
     * {@code bind}:{@code port}, 0 = any free port) with {@code secret} in {@code X-Telegram-Bot-Api-Secret-Token}.
     */
    public record Webhook(String publicUrl, String bind, int port, String secret) {
        public Webhook {
            if (secret == null || !secret.matches("[A-Za-z0-9_-]{1,256}")) {
                throw new IllegalArgumentException("a webhook secret token is 1 to 256 characters A-Z a-z 0-9 _ -");
            }
        }

        @Override
        public String toString() {
            return "Webhook[publicUrl=" + publicUrl + ", bind=" + bind + ", port=" + port + ", secret=***]";
        }
    }

    public static final String REAL_API = "https://api.telegram.org";
    public static final long CLOUD_UPLOAD_LIMIT = 50L * 1000 * 1000;
    /** The cloud Bot API refuses downloads above 20 MB (spec A2). */
    public static final long CLOUD_DOWNLOAD_LIMIT = 20L * 1024 * 1024;

    public TelegramSettings {
        if (token == null || !token.contains(":")) {
            throw new IllegalArgumentException("a Telegram bot token looks like 123456:ABC-DEF… (ask @BotFather)");
        }
        apiBaseUrl = stripSlash(apiBaseUrl == null ? REAL_API : apiBaseUrl);
        fileBaseUrl = stripSlash(fileBaseUrl == null ? apiBaseUrl : fileBaseUrl);
    }

    /**
     * Production pacing and album debounce (1.5 s quiet, 10 s cap, 1 s private, 3 s groups, action every 4 s);
     * downloads of at most 20 MB within 5 minutes, trusting only the API and file hosts.
     */
    public static TelegramSettings of(String token, String apiBaseUrl, String fileBaseUrl, long uploadLimitBytes) {
        String api = apiBaseUrl == null ? REAL_API : apiBaseUrl;
        return new TelegramSettings(token, api, fileBaseUrl, uploadLimitBytes, Duration.ofMillis(1500),
                Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(4),
                CLOUD_DOWNLOAD_LIMIT, null, DownloadPolicy.trusting(Arrays.asList(api, fileBaseUrl == null ? api
                        : fileBaseUrl), Duration.ofMinutes(5), 0), null);
    }

    /** The real Telegram cloud Bot API. */
    public static TelegramSettings cloud(String token) {
        return of(token, REAL_API, REAL_API, CLOUD_UPLOAD_LIMIT);
    }

    public TelegramSettings withAlbumDebounce(Duration quiet, Duration cap) {
        return new TelegramSettings(token, apiBaseUrl, fileBaseUrl, uploadLimitBytes, quiet, cap, privateInterval,
                groupInterval, activityEvery, maxFileBytes, localFilesDir, downloads, webhook);
    }

    public TelegramSettings withPacing(Duration privateGap, Duration groupGap) {
        return new TelegramSettings(token, apiBaseUrl, fileBaseUrl, uploadLimitBytes, albumQuiet, albumCap,
                privateGap, groupGap, activityEvery, maxFileBytes, localFilesDir, downloads, webhook);
    }

    public TelegramSettings withActivityEvery(Duration every) {
        return new TelegramSettings(token, apiBaseUrl, fileBaseUrl, uploadLimitBytes, albumQuiet, albumCap,
                privateInterval, groupInterval, every, maxFileBytes, localFilesDir, downloads, webhook);
    }

    /** Downloads of at most {@code maxBytes} under {@code policy}; absolute paths only inside {@code localDir}. */
    public TelegramSettings withFiles(long maxBytes, Path localDir, DownloadPolicy policy) {
        return new TelegramSettings(token, apiBaseUrl, fileBaseUrl, uploadLimitBytes, albumQuiet, albumCap,
                privateInterval, groupInterval, activityEvery, maxBytes, localDir, policy, webhook);
    }

    /** Updates by webhook instead of long polling (null: polling). */
    public TelegramSettings withWebhook(Webhook hook) {
        return new TelegramSettings(token, apiBaseUrl, fileBaseUrl, uploadLimitBytes, albumQuiet, albumCap,
                privateInterval, groupInterval, activityEvery, maxFileBytes, localFilesDir, downloads, hook);
    }

    @Override
    public String toString() {
        return "TelegramSettings[api=" + apiBaseUrl + ", files=" + fileBaseUrl + ", uploadLimit=" + uploadLimitBytes
                + ", " + (webhook == null ? "polling" : webhook) + ", token=***]";
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
