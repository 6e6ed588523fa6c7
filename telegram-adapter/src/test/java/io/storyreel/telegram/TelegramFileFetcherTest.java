package io.storyreel.telegram;

import io.storyreel.core.download.DownloadPolicy;
import io.storyreel.core.download.HostileCdn;
import io.storyreel.core.download.SafeDownloader;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * File downloads against a stand-in Bot API on 127.0.0.1 (the real TelegramBots client asks {@code getFile}): a file
 * without a Content-Length is still cut at the cap; a size announced over the cap is refused before fetching; a local
 * Bot API server's absolute {@code file_path} is read only inside the configured directory.
 */
class TelegramFileFetcherTest {
    private static final String TOKEN = "123:abc";
    private static final long CAP = 200 * 1024;

    @TempDir
    Path local;
    @TempDir
    Path elsewhere;

    private final HostileCdn api = HostileCdn.on("127.0.0.1");
    private volatile String filePath = "photos/file_1.jpg";
    private volatile long fileSize = 100;

    TelegramFileFetcherTest() {
        api.route("/bot" + TOKEN + "/getFile", ex -> {
            byte[] body = ("{\"ok\":true,\"result\":{\"file_id\":\"F\",\"file_unique_id\":\"U\",\"file_size\":" + fileSize
                    + ",\"file_path\":\"" + filePath + "\"}}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
        });
        api.alias("/file/bot" + TOKEN + "/photos/endless.jpg", "/endless");
        api.alias("/file/bot" + TOKEN + "/photos/file_1.jpg", "/clip");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private TelegramFileFetcher fetcher(Path localDir) {
        OkHttpClient http = new OkHttpClient();
        String base = api.url("");
        return new TelegramFileFetcher(new OkHttpTelegramClient(http, TOKEN, TelegramBot.telegramUrl(base)),
                new SafeDownloader(http, DownloadPolicy.trusting(List.of(base), Duration.ofSeconds(5), 0)), base, TOKEN,
                CAP, localDir);
    }

    @Test
    void aFileIsFetchedFromTheConfiguredFileServer() throws Exception {
        api.serving("jpeg bytes".getBytes(StandardCharsets.UTF_8));
        assertThat(fetcher(null).download("F")).asString().isEqualTo("jpeg bytes");
    }

    @Test
    void aFileWithoutALengthIsCutAtTheCap() {
        filePath = "photos/endless.jpg";
        assertThatThrownBy(() -> fetcher(null).download("F")).isInstanceOf(IOException.class)
                .hasMessageContaining("larger than").hasMessageNotContaining(TOKEN);
    }

    @Test
    void aSizeAnnouncedOverTheCapIsRefusedBeforeFetching() {
        fileSize = CAP + 1;
        assertThatThrownBy(() -> fetcher(null).download("F")).isInstanceOf(IOException.class);
        assertThat(api.hits("/file/bot" + TOKEN + "/photos/file_1.jpg")).isZero();
    }

    @Test
    void anAbsolutePathIsReadOnlyInsideTheConfiguredDirectory() throws Exception {
        Path inside = Files.writeString(local.resolve("file_7.jpg"), "local photo");
        Path outside = Files.writeString(elsewhere.resolve("secret.txt"), "not yours");
        Path link = Files.createSymbolicLink(local.resolve("sneaky.jpg"), outside);

        filePath = inside.toString();
        assertThat(fetcher(local).download("F")).asString().isEqualTo("local photo");
        assertThatThrownBy(() -> fetcher(null).download("F")).as("no directory configured: no file from disk")
                .isInstanceOf(IOException.class);

        for (Path p : List.of(outside, link, local.resolve("..").resolve(elsewhere.getFileName()).resolve("secret.txt"),
                Path.of("/etc/passwd"))) {
            filePath = p.toString();
            assertThatThrownBy(() -> fetcher(local).download("F")).as(p.toString()).isInstanceOf(IOException.class)
                    .hasMessageNotContaining("not yours");
        }
    }

    @Test
    void aLocalFileOverTheCapIsRefused() throws Exception {
        Path big = Files.write(local.resolve("big.jpg"), new byte[(int) CAP + 1]);
        filePath = big.toString();
        fileSize = 10; // a server may understate it
        assertThatThrownBy(() -> fetcher(local).download("F")).isInstanceOf(IOException.class)
                .hasMessageContaining("larger than");
    }
}
