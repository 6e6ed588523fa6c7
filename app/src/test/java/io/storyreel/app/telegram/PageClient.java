package io.storyreel.app.telegram;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** One browser's worth of the storyboard page over plain HTTP: its own cookies, and the CSRF token of its page. */
final class PageClient {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"");
    final String base;
    final CookieManager cookies = new CookieManager();
    final HttpClient http;
    String csrf;

    PageClient(String base) {
        this.base = base.replaceAll("/+$", "");
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    HttpResponse<String> get(String pathOrUrl) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(pathOrUrl)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(String pathOrUrl) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(pathOrUrl)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Loads the page and remembers its CSRF token. */
    HttpResponse<String> page() throws IOException, InterruptedException {
        HttpResponse<String> r = get("/");
        Matcher m = CSRF.matcher(r.body());
        if (m.find()) {
            csrf = m.group(1);
        }
        return r;
    }

    /** A form POST; with {@code withCsrf} the page's token goes along as htmx sends it. */
    HttpResponse<String> post(String path, Map<String, String> form, boolean withCsrf) throws IOException, InterruptedException {
        String body = new LinkedHashMap<>(form).entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (withCsrf && csrf != null) {
            b.header("X-CSRF-Token", csrf);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One file of a multipart POST. */
    record FilePart(String fileName, String mime, byte[] bytes) {
    }

    /** A multipart POST of one file as the field {@code field}, as htmx sends a file input's form. */
    HttpResponse<String> postFile(String path, String field, String fileName, String mime, byte[] bytes, boolean withCsrf)
            throws IOException, InterruptedException {
        return postFiles(path, field, java.util.List.of(new FilePart(fileName, mime, bytes)), withCsrf);
    }

    /** A multipart POST of several files under one field, as a file input with {@code multiple} sends them. */
    HttpResponse<String> postFiles(String path, String field, java.util.List<FilePart> files, boolean withCsrf)
            throws IOException, InterruptedException {
        String boundary = "----page" + System.nanoTime();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (FilePart f : files) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
                    + f.fileName() + "\"\r\nContent-Type: " + f.mime() + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(f.bytes());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (withCsrf && csrf != null) {
            b.header("X-CSRF-Token", csrf);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The page's live stream ({@code /events}) read over real HTTP: each line as it arrives goes into the queue
     * returned; the stream closes with the client's executor.
     */
    java.util.concurrent.BlockingQueue<String> events(String tab) {
        java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        http.sendAsync(HttpRequest.newBuilder(uri("/events?tab=" + tab)).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> r.body().forEach(lines::add));
        return lines;
    }

    /**
     * Keeps the session cookie {@code r} set even though it is marked Secure: behind an https address the page marks it
     * so, and a test reaches the page itself over plain http on 127.0.0.1.
     */
    HttpResponse<String> keepSession(HttpResponse<String> r) {
        r.headers().allValues("Set-Cookie").stream().flatMap(h -> java.net.HttpCookie.parse(h).stream()).forEach(c -> {
            c.setSecure(false);
            cookies.getCookieStore().add(URI.create(base), c);
        });
        return r;
    }

    private URI uri(String pathOrUrl) {
        return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl);
    }

    /** A page's HTML with the entities the templates write for quotes and ampersands put back. */
    static String unescape(String html) {
        return html.replace("&#34;", "\"").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }
}
