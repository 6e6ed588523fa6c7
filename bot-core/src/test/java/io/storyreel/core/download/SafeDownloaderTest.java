package io.storyreel.core.download;

import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The download rules against a hostile host on 127.0.0.1 (trusted, as a configured service is) and an "internal" one
 * on 127.0.0.2 (not configured): over real HTTP, with a real OkHttp client.
 */
class SafeDownloaderTest {
    private static final long CAP = 256 * 1024;

    @TempDir
    Path dir;

    private final HostileCdn cdn = HostileCdn.on("127.0.0.1");
    private final HostileCdn internal = HostileCdn.on("127.0.0.2");
    private final OkHttpClient http = new OkHttpClient();

    @AfterEach
    void stop() {
        cdn.close();
        internal.close();
    }

    private SafeDownloader downloader(Duration deadline) {
        return new SafeDownloader(http, DownloadPolicy.trusting(List.of(cdn.url("/")), deadline, 0));
    }

    private DownloadException refused(String url) {
        return catchThrowableOfType(() -> downloader(Duration.ofSeconds(5)).save(url, CAP, dir.resolve("f")),
                DownloadException.class);
    }

    @Test
    void aConfiguredServiceOnLoopbackIsFetchedOverPlainHttp() throws Exception {
        cdn.serving("a clip".getBytes(StandardCharsets.UTF_8));
        assertThat(downloader(Duration.ofSeconds(5)).fetch(cdn.url("/clip"), CAP)).asString().isEqualTo("a clip");
        long n = downloader(Duration.ofSeconds(5)).save(cdn.url("/clip"), CAP, dir.resolve("clip"));
        assertThat(n).isEqualTo(6);
        assertThat(dir.resolve("clip")).hasContent("a clip");
    }

    @Test
    void aRedirectToAnotherLoopbackAddressIsRefusedBeforeItIsAsked() {
        for (String to : List.of(internal.url("/latest/meta-data/"),
                internal.url("/latest/meta-data/").replace("http:", "https:"),
                "https://localhost:" + internal.port() + "/", "https://169.254.169.254/latest/meta-data/",
                "https://[::1]:" + internal.port() + "/", "file:///etc/passwd")) {
            DownloadException e = refused(cdn.url("/redirect?to=" + URLEncoder.encode(to, StandardCharsets.UTF_8)));
            assertThat(e.reason()).as(to).isIn(DownloadException.Reason.ADDRESS_REFUSED,
                    DownloadException.Reason.SCHEME_REFUSED);
            assertThat(e.refused()).isTrue();
            assertThat(e.getMessage()).as("no address in the message").doesNotContain("127.0.0", "169.254", "etc/");
        }
        assertThat(refused(cdn.url("/redirect?to=" + URLEncoder.encode(
                internal.url("/x").replace("http:", "https:"), StandardCharsets.UTF_8))).reason())
                .isEqualTo(DownloadException.Reason.ADDRESS_REFUSED);
        assertThat(internal.totalHits()).as("the internal host never saw a request").isZero();
        assertThat(dir.resolve("f")).doesNotExist();
    }

    @Test
    void anUnconfiguredHostMustBeHttpsToAPublicAddress() {
        assertThat(refused(internal.url("/clip")).reason()).isEqualTo(DownloadException.Reason.SCHEME_REFUSED);
        assertThat(refused(internal.url("/clip").replace("http:", "https:")).reason())
                .isEqualTo(DownloadException.Reason.ADDRESS_REFUSED);
        assertThat(refused("ftp://example.com/x").reason()).isEqualTo(DownloadException.Reason.SCHEME_REFUSED);
        assertThat(internal.totalHits()).isZero();
    }

    @Test
    void redirectsEndAfterAFew() {
        assertThat(refused(cdn.url("/loop")).reason()).isEqualTo(DownloadException.Reason.TOO_MANY_REDIRECTS);
        assertThat(cdn.hits("/loop")).isEqualTo(SafeDownloader.MAX_REDIRECTS + 1);
    }

    @Test
    void anEndlessBodyStopsAtTheCapAndLeavesNoFile() throws Exception {
        DownloadException e = refused(cdn.url("/endless"));
        assertThat(e.reason()).isEqualTo(DownloadException.Reason.TOO_LARGE);
        assertThat(e.getMessage()).contains("larger than");
        assertThat(filesIn(dir)).isEmpty();

        DownloadException inMemory = catchThrowableOfType(() -> downloader(Duration.ofSeconds(5))
                .fetch(cdn.url("/endless"), CAP), DownloadException.class);
        assertThat(inMemory.reason()).as("capped without a Content-Length").isEqualTo(DownloadException.Reason.TOO_LARGE);
    }

    @Test
    void aBodyAnnouncedOverTheCapIsRefusedBeforeItIsRead() {
        assertThat(refused(cdn.url("/huge")).reason()).isEqualTo(DownloadException.Reason.TOO_LARGE);
    }

    @Test
    void aTricklingServerHitsTheDeadline() throws Exception {
        long start = System.nanoTime();
        DownloadException e = catchThrowableOfType(() -> downloader(Duration.ofMillis(800))
                .save(cdn.url("/trickle"), CAP, dir.resolve("t")), DownloadException.class);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(e.reason()).isEqualTo(DownloadException.Reason.TOO_SLOW);
        assertThat(took).isBetween(Duration.ofMillis(700), Duration.ofSeconds(3));
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void aBodyCutShortOfItsLengthIsTruncatedNotKept() throws Exception {
        DownloadException e = refused(cdn.url("/short"));
        assertThat(e.reason()).isIn(DownloadException.Reason.TRUNCATED, DownloadException.Reason.BROKEN);
        assertThat(e.refused()).isFalse();
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void aFullDiskIsNoticedBeforeAnythingIsWritten() throws Exception {
        cdn.serving(new byte[1000]);
        SafeDownloader tight = new SafeDownloader(http, DownloadPolicy.trusting(List.of(cdn.url("/")),
                Duration.ofSeconds(5), 500), d -> 1200);
        DownloadException e = catchThrowableOfType(() -> tight.save(cdn.url("/clip"), CAP, dir.resolve("c")),
                DownloadException.class);
        assertThat(e.reason()).isEqualTo(DownloadException.Reason.NO_SPACE);
        assertThat(filesIn(dir)).isEmpty();
        SafeDownloader roomy = new SafeDownloader(http, DownloadPolicy.trusting(List.of(cdn.url("/")),
                Duration.ofSeconds(5), 500), d -> 1500);
        assertThat(roomy.save(cdn.url("/clip"), CAP, dir.resolve("c"))).isEqualTo(1000);
    }

    @Test
    void anApiKeyGoesOnlyToItsOwnOriginNeverToTheStorageHostARedirectNames() throws Exception {
        // the API host answers with two redirects of its own, then one to a storage host on another port
        try (HostileCdn storage = HostileCdn.on("127.0.0.1")) {
            java.util.Map<String, String> keySeen = new java.util.concurrent.ConcurrentHashMap<>();
            cdn.route("/files/abc:download", ex -> {
                keySeen.put("api", String.valueOf(ex.getRequestHeaders().getFirst("x-goog-api-key")));
                ex.getResponseHeaders().set("Location", "/files/abc:signed");
                ex.sendResponseHeaders(302, -1);
            });
            cdn.route("/files/abc:signed", ex -> {
                keySeen.put("api-again", String.valueOf(ex.getRequestHeaders().getFirst("x-goog-api-key")));
                ex.getResponseHeaders().set("Location", storage.url("/bucket/abc.mp4"));
                ex.sendResponseHeaders(302, -1);
            });
            storage.route("/bucket/abc.mp4", ex -> {
                keySeen.put("storage", String.valueOf(ex.getRequestHeaders().getFirst("x-goog-api-key")));
                byte[] body = "the video".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            });
            SafeDownloader d = new SafeDownloader(http, DownloadPolicy.trusting(List.of(cdn.url("/"), storage.url("/")),
                    Duration.ofSeconds(5), 0));
            SafeDownloader.OriginHeaders key = SafeDownloader.OriginHeaders.of(okhttp3.HttpUrl.get(cdn.url("/")),
                    okhttp3.Headers.of("x-goog-api-key", "AIza-secret"));

            d.save(cdn.url("/files/abc:download"), CAP, dir.resolve("v"), key);

            assertThat(dir.resolve("v")).hasContent("the video");
            assertThat(keySeen).containsEntry("api", "AIza-secret").containsEntry("api-again", "AIza-secret")
                    .containsEntry("storage", "null");
            assertThat(key.toString()).doesNotContain("AIza-secret");
        }
    }

    @Test
    void anApiKeyLimitedToAPathStaysThereOnItsOwnHostToo() throws Exception {
        java.util.Map<String, String> keySeen = new java.util.concurrent.ConcurrentHashMap<>();
        cdn.route("/v1beta/files/f:download", ex -> {
            keySeen.put("api", String.valueOf(ex.getRequestHeaders().getFirst("x-goog-api-key")));
            ex.getResponseHeaders().set("Location", "/storage/f.mp4?sig=1");
            ex.sendResponseHeaders(302, -1);
        });
        cdn.route("/storage/f.mp4", ex -> {
            keySeen.put("storage", String.valueOf(ex.getRequestHeaders().getFirst("x-goog-api-key")));
            ex.sendResponseHeaders(200, 2);
            ex.getResponseBody().write(new byte[]{1, 2});
        });
        SafeDownloader.OriginHeaders key = SafeDownloader.OriginHeaders.of(okhttp3.HttpUrl.get(cdn.url("/v1beta/")),
                okhttp3.Headers.of("x-goog-api-key", "AIza-secret"));

        downloader(Duration.ofSeconds(5)).save(cdn.url("/v1beta/files/f:download"), CAP, dir.resolve("v"), key);

        assertThat(keySeen).containsEntry("api", "AIza-secret").containsEntry("storage", "null");
    }

    @Test
    void anHttpErrorKeepsItsStatus() {
        DownloadException e = refused(cdn.url("/nothing-here"));
        assertThat(e.reason()).isEqualTo(DownloadException.Reason.HTTP_STATUS);
        assertThat(e.status()).isEqualTo(404);
    }

    private static List<Path> filesIn(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.toList();
        }
    }
}
