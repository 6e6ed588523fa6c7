package io.storyreel.core.download;

import okhttp3.Call;
import okhttp3.Dns;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * Fetches a file from a link the bot was handed, under a {@link DownloadPolicy}. Redirects are followed here, one hop
 * at a time, each checked like the first link; an address is checked before the connection (literal addresses) and
 * again when OkHttp resolves the host (so a name cannot change its answer in between). One deadline covers the whole
 * download; a byte cap is enforced while reading, whatever the server announced. {@link #save} checks free space
 * first and never leaves a partial file. Messages never contain the URL.
 */
public final class SafeDownloader {
    static final int MAX_REDIRECTS = 5;
    private static final int BUFFER = 64 * 1024;

    private final DownloadPolicy policy;
    private final OkHttpClient trusted;
    private final OkHttpClient guarded;
    private final ToLongFunction<Path> usableSpace;

    /** With its own HTTP client (15 s to connect, 60 s per read; the policy's deadline bounds the whole download). */
    public SafeDownloader(DownloadPolicy policy) {
        this(new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(15)).readTimeout(Duration.ofSeconds(60))
                .build(), policy);
    }

    public SafeDownloader(OkHttpClient http, DownloadPolicy policy) {
        this(http, policy, SafeDownloader::usableSpace);
    }

    /** @param usableSpace the free bytes on the disk holding a directory (tests pass a fake) */
    public SafeDownloader(OkHttpClient http, DownloadPolicy policy, ToLongFunction<Path> usableSpace) {
        this.policy = policy;
        OkHttpClient.Builder base = http.newBuilder().followRedirects(false).followSslRedirects(false)
                .retryOnConnectionFailure(false);
        this.trusted = base.build();
        this.guarded = base.dns(new PublicOnlyDns()).build();
        this.usableSpace = usableSpace;
    }

    public DownloadPolicy policy() {
        return policy;
    }

    /** The whole body in memory, at most {@code maxBytes}. */
    public byte[] fetch(String url, long maxBytes) throws DownloadException {
        if (maxBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("an in-memory download is at most 2 GB");
        }
        long deadline = System.nanoTime() + policy.deadline().toNanos();
        try (Response response = open(url, deadline, null)) {
            ResponseBody body = body(response, maxBytes);
            // a announced length (already checked against the cap) is the one allocation: no growing, no copy
            Collected out = new Collected((int) Math.max(body.contentLength(), 8 * 1024));
            copy(body, out, maxBytes, deadline);
            return out.bytes();
        }
    }

    /**
     * Streams the body into {@code file} (created or replaced), at most {@code maxBytes}, after checking that the
     * disk keeps {@link DownloadPolicy#minFreeBytes()} free with the file on it. On any failure the file is deleted.
     *
     * @return the bytes written
     */
    public long save(String url, long maxBytes, Path file) throws DownloadException {
        return save(url, maxBytes, file, null);
    }

    /**
     * As {@link #save(String, long, Path)}, sending {@code credentials} (an API key header) with every hop they
     * {@linkplain OriginHeaders#appliesTo apply to} and with no other: a redirect to a storage host never sees them.
     */
    public long save(String url, long maxBytes, Path file, OriginHeaders credentials) throws DownloadException {
        long deadline = System.nanoTime() + policy.deadline().toNanos();
        boolean kept = false;
        try (Response response = open(url, deadline, credentials)) {
            ResponseBody body = body(response, maxBytes);
            long needed = (body.contentLength() >= 0 ? body.contentLength() : maxBytes) + policy.minFreeBytes();
            Path dir = file.toAbsolutePath().getParent();
            if (usableSpace.applyAsLong(dir) < needed) {
                throw new DownloadException(DownloadException.Reason.NO_SPACE,
                        "there is not enough free disk space to store the file");
            }
            long written;
            try (OutputStream out = Files.newOutputStream(file)) {
                written = copy(body, out, maxBytes, deadline);
            } catch (DownloadException e) {
                throw e;
            } catch (IOException e) {
                throw new DownloadException(DownloadException.Reason.BROKEN, "the file could not be written", e);
            }
            kept = true;
            return written;
        } finally {
            if (!kept) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // the caller's temp folder; nothing better to do
                }
            }
        }
    }

    /** Follows redirects by hand, checking every hop; returns the first answer that is not a redirect. */
    private Response open(String link, long deadline, OriginHeaders credentials) throws DownloadException {
        HttpUrl url = HttpUrl.parse(link == null ? "" : link);
        if (url == null) {
            throw new DownloadException(DownloadException.Reason.SCHEME_REFUSED, "the link is not an http(s) link");
        }
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            boolean isTrusted = check(url);
            Request.Builder get = new Request.Builder().url(url).get();
            if (credentials != null && credentials.appliesTo(url)) {
                get.headers(credentials.headers());
            }
            Call call = (isTrusted ? trusted : guarded).newCall(get.build());
            call.timeout().timeout(remaining(deadline), TimeUnit.NANOSECONDS);
            Response response;
            try {
                response = call.execute();
            } catch (IOException e) {
                throw failure(e, deadline);
            }
            if (!response.isRedirect()) {
                return response;
            }
            String location = response.header("Location");
            response.close();
            HttpUrl next = location == null ? null : url.resolve(location);
            if (next == null) {
                throw new DownloadException(DownloadException.Reason.SCHEME_REFUSED,
                        "the link redirected to something that is not an http(s) link");
            }
            url = next;
        }
        throw new DownloadException(DownloadException.Reason.TOO_MANY_REDIRECTS,
                "the link redirected more than " + MAX_REDIRECTS + " times");
    }

    /** True for a trusted origin; otherwise refuses anything but https to public addresses. */
    private boolean check(HttpUrl url) throws DownloadException {
        if (policy.trusts(url)) {
            return true;
        }
        if (!url.isHttps()) {
            throw new DownloadException(DownloadException.Reason.SCHEME_REFUSED,
                    "the link is not an https link to a public address");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(url.host());
        } catch (UnknownHostException e) {
            throw new DownloadException(DownloadException.Reason.BROKEN, "the link's host name is unknown");
        }
        for (InetAddress a : addresses) {
            if (!PublicAddresses.isPublic(a)) {
                throw refusedAddress();
            }
        }
        return false;
    }

    private static ResponseBody body(Response response, long maxBytes) throws DownloadException {
        if (!response.isSuccessful() || response.body() == null) {
            throw new DownloadException(DownloadException.Reason.HTTP_STATUS, "the server answered HTTP "
                    + response.code(), response.code(), response.header("Retry-After"), null);
        }
        ResponseBody body = response.body();
        if (body.contentLength() > maxBytes) {
            throw tooLarge(maxBytes);
        }
        return body;
    }

    private static long copy(ResponseBody body, OutputStream out, long maxBytes, long deadline)
            throws DownloadException {
        long expected = body.contentLength();
        long total = 0;
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = body.byteStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                if (total > maxBytes) {
                    throw tooLarge(maxBytes);
                }
                out.write(buffer, 0, n);
            }
        } catch (DownloadException e) {
            throw e;
        } catch (IOException e) {
            throw failure(e, deadline);
        }
        if (expected >= 0 && total != expected) {
            throw new DownloadException(DownloadException.Reason.TRUNCATED,
                    "the download broke off (" + total + " of " + expected + " bytes)");
        }
        return total;
    }

    private static DownloadException failure(IOException e, long deadline) {
        if (System.nanoTime() - deadline >= -TimeUnit.MILLISECONDS.toNanos(50)) {
            return new DownloadException(DownloadException.Reason.TOO_SLOW, "the download took too long", e);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RefusedAddress
                    || List.of(t.getSuppressed()).stream().anyMatch(RefusedAddress.class::isInstance)) {
                return refusedAddress();
            }
        }
        return new DownloadException(DownloadException.Reason.BROKEN, "the connection failed or broke off", e);
    }

    private static long remaining(long deadline) {
        return Math.max(TimeUnit.MILLISECONDS.toNanos(1), deadline - System.nanoTime());
    }

    private static DownloadException tooLarge(long maxBytes) {
        return new DownloadException(DownloadException.Reason.TOO_LARGE,
                "the file is larger than the " + megabytes(maxBytes) + " allowed");
    }

    private static DownloadException refusedAddress() {
        return new DownloadException(DownloadException.Reason.ADDRESS_REFUSED,
                "the link leads to an address the bot does not download from");
    }

    private static String megabytes(long bytes) {
        return bytes >= 1024 * 1024 ? bytes / (1024 * 1024) + " MB" : bytes + " bytes";
    }

    private static long usableSpace(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return Long.MAX_VALUE; // cannot tell: let the write itself fail if the disk is full
        }
    }

    /**
     * Headers (an API key) that go only to one origin, and there only under {@code pathPrefix}: the provider's API,
     * never the storage host (or storage path) its download link redirects to. {@link #toString()} names the origin
     * and the header names, never their values.
     */
    public record OriginHeaders(DownloadPolicy.Origin origin, String pathPrefix, Headers headers) {
        public OriginHeaders {
            java.util.Objects.requireNonNull(origin, "origin");
            java.util.Objects.requireNonNull(headers, "headers");
            pathPrefix = pathPrefix == null || pathPrefix.isEmpty() ? "/" : pathPrefix;
        }

        /** {@code headers} for URLs on the origin of {@code base} whose path starts with {@code base}'s path. */
        public static OriginHeaders of(HttpUrl base, Headers headers) {
            return new OriginHeaders(DownloadPolicy.Origin.of(base), base.encodedPath(), headers);
        }

        public boolean appliesTo(HttpUrl url) {
            return origin.equals(DownloadPolicy.Origin.of(url)) && url.encodedPath().startsWith(pathPrefix);
        }

        @Override
        public String toString() {
            return "OriginHeaders[" + origin + pathPrefix + ", " + headers.names() + "]";
        }
    }

    /**
     * The body in memory: sized up front from the announced length, handed over without a copy when it came to
     * exactly that (a photo of several MB otherwise costs its size three times over in growing arrays and a copy).
     */
    private static final class Collected extends ByteArrayOutputStream {
        Collected(int size) {
            super(size);
        }

        byte[] bytes() {
            return count == buf.length ? buf : toByteArray();
        }
    }

    /** Resolves like the system, but refuses a host with any non-public address. */
    private static final class PublicOnlyDns implements Dns {
        @Override
        public List<InetAddress> lookup(String host) throws UnknownHostException {
            List<InetAddress> all = Dns.SYSTEM.lookup(host);
            if (all.stream().anyMatch(a -> !PublicAddresses.isPublic(a))) {
                throw new RefusedAddress(host);
            }
            return all;
        }
    }

    private static final class RefusedAddress extends UnknownHostException {
        RefusedAddress(String host) {
            super("refused: not a public address");
        }
    }
}
