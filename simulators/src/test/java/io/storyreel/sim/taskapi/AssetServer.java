package io.storyreel.sim.taskapi;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A client's own image host for simulator tests: {@code /img.jpg} (a JPEG with type and length), {@code /missing}
 * (404), {@code /redirect} (302 to the image), {@code /chunked} (the image without {@code Content-Length}) and
 * {@code /text} (a text file). Records the method of every request.
 */
public final class AssetServer implements AutoCloseable {

    private final HttpServer server;
    private final byte[] image;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    public AssetServer(byte[] image) {
        this.image = image;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", ex -> {
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
            boolean head = ex.getRequestMethod().equals("HEAD");
            switch (ex.getRequestURI().getPath()) {
                case "/img.jpg" -> {
                    ex.getResponseHeaders().set("Content-Type", "image/jpeg");
                    if (head) {
                        ex.getResponseHeaders().set("Content-Length", Integer.toString(image.length));
                        ex.sendResponseHeaders(200, -1);
                    } else {
                        ex.sendResponseHeaders(200, image.length);
                        try (OutputStream out = ex.getResponseBody()) {
                            out.write(image);
                        }
                    }
                }
                case "/redirect" -> {
                    ex.getResponseHeaders().set("Location", "/img.jpg");
                    ex.sendResponseHeaders(302, -1);
                }
                case "/chunked" -> {
                    ex.getResponseHeaders().set("Content-Type", "image/jpeg");
                    ex.sendResponseHeaders(200, head ? -1 : 0);
                    if (!head) {
                        try (OutputStream out = ex.getResponseBody()) {
                            out.write(image);
                        }
                    }
                }
                case "/text" -> {
                    ex.getResponseHeaders().set("Content-Type", "text/plain");
                    ex.getResponseHeaders().set("Content-Length", "5");
                    ex.sendResponseHeaders(200, head ? -1 : 5);
                    if (!head) {
                        try (OutputStream out = ex.getResponseBody()) {
                            out.write("hello".getBytes());
                        }
                    }
                }
                default -> ex.sendResponseHeaders(404, -1);
            }
            ex.close();
        });
        server.start();
    }

    /** {@code http://localhost:<port>} (a domain name, not an IP address). */
    public String base() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
