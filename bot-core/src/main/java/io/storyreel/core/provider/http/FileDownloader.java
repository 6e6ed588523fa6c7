package io.storyreel.core.provider.http;

import io.storyreel.core.provider.ErrorKind;
import io.storyreel.core.provider.Problem;
import io.storyreel.core.provider.ProviderException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;

/**
 * Streams a result video to a temporary file next to the target, checks it is a complete MP4, then moves it into
 * place atomically, so a partial file never sits at {@code target}. Result URLs are plain, unauthenticated GETs
 * (often on a CDN), so the client passed in must not add provider credentials.
 */
public final class FileDownloader {
    private final OkHttpClient client;
    private final Clock clock;

    public FileDownloader(OkHttpClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /**
     * @throws ProviderException NOT_FOUND (rawCode {@code url_gone}) when the URL answers 403/404/410 (expired
     *                           link: the caller may ask the provider for a fresh one), TRANSIENT for 5xx, network
     *                           errors and truncated files, RATE_LIMITED for 429.
     */
    public void download(String url, Path target) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, ".download-", ".part");
            Request request = new Request.Builder().url(url).get().build();
            try (Response response = client.newCall(request).execute()) {
                int code = response.code();
                if (code == 403 || code == 404 || code == 410) {
                    throw ProviderException.problem(Problem.RESULT_GONE).raw("url_gone")
                            .message("The finished video's link has expired.").build();
                }
                if (code == 429 || code >= 500) {
                    throw ProviderException.problem(code == 429 ? Problem.RATE_LIMITED : Problem.PROVIDER_TROUBLE)
                            .message("The video host is busy; trying again.").raw("http_" + code)
                            .retryAfter(RetryAfter.parse(response.header("Retry-After"), clock)).retryable(true).build();
                }
                if (!response.isSuccessful() || response.body() == null) {
                    throw ProviderException.problem(Problem.DOWNLOAD_FAILED).kind(ErrorKind.UNKNOWN)
                            .message("The finished video could not be downloaded.").raw("http_" + code).build();
                }
                ResponseBody body = response.body();
                long expected = body.contentLength();
                long written;
                try (InputStream in = body.byteStream(); OutputStream out = Files.newOutputStream(tmp)) {
                    written = in.transferTo(out);
                }
                if (expected >= 0 && written != expected) {
                    throw truncated("got " + written + " of " + expected + " bytes");
                }
            }
            String problem = Mp4Check.problem(tmp);
            if (problem != null) {
                throw truncated(problem);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw ProviderException.problem(Problem.DOWNLOAD_FAILED).retryable(true).raw("download_io").cause(e)
                    .message("The video download was interrupted; trying again.").build();
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: a stray .part file is harmless and never mistaken for the result
                }
            }
        }
    }

    private static ProviderException truncated(String detail) {
        return ProviderException.problem(Problem.DOWNLOAD_FAILED).retryable(true).raw("download_truncated: " + detail)
                .message("The video download was incomplete; trying again.").build();
    }
}
