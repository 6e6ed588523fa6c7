package io.storyreel.core.provider.http;

import io.storyreel.core.download.DownloadException;
import io.storyreel.core.download.SafeDownloader;
import io.storyreel.core.provider.ErrorKind;
import io.storyreel.core.provider.Problem;
import io.storyreel.core.provider.ProviderException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;

/**
 * Downloads a result video through the {@link SafeDownloader} (address rules, byte cap, deadline, free space) to a
 * temporary file next to the target, checks it is a complete MP4, then moves it into place atomically, so a partial
 * file never sits at {@code target}. Result URLs are plain, unauthenticated GETs (often on a CDN), so the downloader's
 * client must not add provider credentials. A download the bot's rules refuse is not retried here: fetching the same
 * link again the same way would fail again, and the engine decides what happens to the clip.
 */
public final class FileDownloader {
    private final SafeDownloader downloads;
    private final long maxBytes;
    private final Clock clock;

    public FileDownloader(SafeDownloader downloads, long maxBytes, Clock clock) {
        this.downloads = downloads;
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    /**
     * @throws ProviderException RESULT_GONE (rawCode {@code url_gone}) when the URL answers 403/404/410 (expired
     *                           link: the caller may ask the provider for a fresh one), PROVIDER_TROUBLE or
     *                           RATE_LIMITED for 5xx and 429, DOWNLOAD_FAILED (retryable) for network errors and
     *                           truncated files, DOWNLOAD_REFUSED (not retryable) when the bot's download rules refuse
     *                           the link or stop the download
     */
    public void download(String url, Path target) {
        download(url, target, null);
    }

    /**
     * As {@link #download(String, Path)}, with {@code credentials} sent only to their own origin (a provider whose
     * download link needs its API key, never passed on to the storage host a redirect points to); null for none.
     */
    public void download(String url, Path target, SafeDownloader.OriginHeaders credentials) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, ".download-", ".part");
            downloads.save(url, maxBytes, tmp, credentials);
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
        } catch (DownloadException e) {
            throw mapped(e);
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

    private ProviderException mapped(DownloadException e) {
        if (e.reason() == DownloadException.Reason.HTTP_STATUS) {
            int code = e.status();
            if (code == 403 || code == 404 || code == 410) {
                return ProviderException.problem(Problem.RESULT_GONE).raw("url_gone")
                        .message("The finished video's link has expired.").build();
            }
            if (code == 429 || code >= 500) {
                return ProviderException.problem(code == 429 ? Problem.RATE_LIMITED : Problem.PROVIDER_TROUBLE)
                        .message("The video host is busy; trying again.").raw("http_" + code)
                        .retryAfter(RetryAfter.parse(e.retryAfter(), clock)).retryable(true).build();
            }
            return ProviderException.problem(Problem.DOWNLOAD_FAILED).kind(ErrorKind.UNKNOWN)
                    .message("The finished video could not be downloaded.").raw("http_" + code).build();
        }
        if (e.reason() == DownloadException.Reason.TRUNCATED) {
            return truncated(e.getMessage());
        }
        if (e.reason() == DownloadException.Reason.BROKEN) {
            return ProviderException.problem(Problem.DOWNLOAD_FAILED).retryable(true).raw("download_io").cause(e)
                    .message("The video download was interrupted; trying again.").build();
        }
        return ProviderException.problem(Problem.DOWNLOAD_REFUSED).retryable(false).cause(e)
                .raw("download_refused: " + e.reason().name().toLowerCase(java.util.Locale.ROOT))
                .message("The finished video was not downloaded: " + e.getMessage() + ".").build();
    }

    private static ProviderException truncated(String detail) {
        return ProviderException.problem(Problem.DOWNLOAD_FAILED).retryable(true).raw("download_truncated: " + detail)
                .message("The video download was incomplete; trying again.").build();
    }
}
