package io.storyreel.sim.taskapi;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * Fetches an input image given by URL, as the real services do for "publicly reachable" image URLs. Refuses anything
 * but http(s), answers over {@code maxBytes}, and non-200 answers. By default redirects are followed; Runway's
 * fetcher ({@link #withoutRedirects()}) does not follow them and asks {@code HEAD} first.
 */
public final class ImageFetcher {

    /** Why a fetch failed: the HTTP status answered (0 when there was none) and whether it timed out. */
    public static final class FetchFailed extends IOException {
        private final int status;
        private final boolean timedOut;

        FetchFailed(String message, int status, boolean timedOut) {
            super(message);
            this.status = status;
            this.timedOut = timedOut;
        }

        public int status() {
            return status;
        }

        public boolean timedOut() {
            return timedOut;
        }
    }

    /** What a {@code HEAD} answered: the status and the two headers Runway requires. */
    public record Head(int status, Optional<String> contentType, Optional<Long> contentLength) {
    }

    private final HttpClient http;
    private final Duration timeout;

    public ImageFetcher() {
        this(HttpClient.Redirect.NORMAL, Duration.ofSeconds(10));
    }

    private ImageFetcher(HttpClient.Redirect redirects, Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(redirects).build();
        this.timeout = timeout;
    }

    /** A fetcher that reports a redirect as the 3xx it is instead of following it, waiting at most {@code timeout}. */
    public static ImageFetcher withoutRedirects(Duration timeout) {
        return new ImageFetcher(HttpClient.Redirect.NEVER, timeout);
    }

    /** The bytes at {@code url}; throws {@link IOException} with a short reason when they cannot be had. */
    public byte[] fetch(String url, long maxBytes) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri(url)).timeout(timeout).GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    throw new FetchFailed("the image URL answered HTTP " + response.statusCode(),
                            response.statusCode(), false);
                }
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (bytes.length > maxBytes) {
                    throw new IOException("the image is larger than " + maxBytes + " bytes");
                }
                return bytes;
            }
        } catch (HttpTimeoutException e) {
            throw new FetchFailed("timed out while fetching the image", 0, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching the image");
        } catch (IllegalArgumentException e) {
            throw new IOException("not a valid URL");
        }
    }

    /** Asks {@code HEAD} of {@code url}. */
    public Head head(String url) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri(url)).timeout(timeout)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
            return new Head(r.statusCode(), r.headers().firstValue("Content-Type"),
                    r.headers().firstValueAsLong("Content-Length").isPresent()
                            ? Optional.of(r.headers().firstValueAsLong("Content-Length").getAsLong())
                            : Optional.empty());
        } catch (HttpTimeoutException e) {
            throw new FetchFailed("timed out while asking HEAD of the image", 0, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching the image");
        } catch (IllegalArgumentException e) {
            throw new IOException("not a valid URL");
        }
    }

    private static URI uri(String url) throws IOException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IOException("not a valid URL");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            throw new IOException("only http(s) URLs can be fetched");
        }
        return uri;
    }
}
