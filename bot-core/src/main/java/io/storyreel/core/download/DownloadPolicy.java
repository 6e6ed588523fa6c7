package io.storyreel.core.download;

import okhttp3.HttpUrl;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The rules of {@link SafeDownloader}: the {@code trusted} origins (scheme, host and port of the services the operator
 * configured: provider APIs, the Telegram and Discord APIs), which may be plain http and on any address, so a local Bot
 * API server, the simulators and the demo on 127.0.0.1 keep working; every other link must be https to a public
 * address. {@code deadline} bounds one whole download, redirects included; {@code minFreeBytes} is the disk space a
 * download must leave free.
 */
public record DownloadPolicy(Set<Origin> trusted, Duration deadline, long minFreeBytes) {

    /** Where a URL points: scheme, lower-case host and port (the scheme's default when the URL names none). */
    public record Origin(String scheme, String host, int port) {
        public static Origin of(HttpUrl url) {
            return new Origin(url.scheme(), url.host().toLowerCase(Locale.ROOT), url.port());
        }
    }

    public DownloadPolicy {
        trusted = Set.copyOf(trusted);
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("a download deadline must be positive");
        }
    }

    /**
     * Trusts the origins of {@code baseUrls} (blank entries and non-http(s) URLs such as a {@code wss} gateway are
     * skipped).
     */
    public static DownloadPolicy trusting(Collection<String> baseUrls, Duration deadline, long minFreeBytes) {
        Set<Origin> origins = new LinkedHashSet<>();
        for (String u : baseUrls) {
            HttpUrl url = u == null || u.isBlank() ? null : HttpUrl.parse(u);
            if (url != null) {
                origins.add(Origin.of(url));
            }
        }
        return new DownloadPolicy(origins, deadline, minFreeBytes);
    }

    public boolean trusts(HttpUrl url) {
        return trusted.contains(Origin.of(url));
    }
}
