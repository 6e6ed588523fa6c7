package io.storyreel.app.runtime;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request read from a callback connection, strictly and within limits: the request line and headers must
 * arrive within {@code headerTimeout} and fit 8 KiB; the body (Content-Length or chunked) must arrive within
 * {@code bodyTimeout} and fit {@code maxBody}. A client that trickles bytes is cut off at the deadline, so it holds a
 * worker for at most the two timeouts together. The headers (names lower-case) and the query string are kept for
 * readers of signed callbacks; the path alone routes.
 */
record CallbackRequest(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
    static final int MAX_HEADER = 8 * 1024;

    /** A request that cannot be served; {@code status} is the answer, or 0 to close without one (too slow). */
    static final class Refused extends IOException {
        final int status;

        Refused(int status, String why) {
            super(why);
            this.status = status;
        }
    }

    static CallbackRequest read(Socket socket, Duration headerTimeout, Duration bodyTimeout, int maxBody)
            throws IOException {
        Deadline headDeadline = new Deadline(socket, headerTimeout);
        InputStream in = new BufferedInputStream(socket.getInputStream());
        String head = readHead(in, headDeadline);
        String[] lines = head.split("\r\n");
        String[] requestLine = lines[0].split(" ");
        if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.")) {
            throw new Refused(400, "not an HTTP/1.x request line");
        }
        long length = -1;
        boolean chunked = false;
        boolean expectContinue = false;
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                throw new Refused(400, "malformed header");
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            switch (name) {
                case "content-length" -> length = contentLength(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
                case "expect" -> expectContinue = value.equalsIgnoreCase("100-continue");
                default -> {
                    // other headers mean nothing to the server; a reader may check them
                }
            }
        }
        String target = requestLine[1];
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? "" : target.substring(q + 1);
        if (!chunked && length < 0) {
            if (requestLine[0].equals("POST")) {
                throw new Refused(411, "no Content-Length");
            }
            length = 0;
        }
        if (length > maxBody) {
            throw new Refused(413, "body too large");
        }
        if (expectContinue) {
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        Deadline body = new Deadline(socket, bodyTimeout);
        byte[] bytes = chunked ? readChunked(in, body, maxBody) : readExactly(in, body, (int) length);
        return new CallbackRequest(requestLine[0], path, query, headers, bytes);
    }

    private static String readHead(InputStream in, Deadline deadline) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = deadline.read(in);
            if (b < 0) {
                throw new Refused(0, "closed before the headers ended");
            }
            head.write(b);
            if (head.size() > MAX_HEADER) {
                throw new Refused(431, "headers too large");
            }
            matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : b == '\r' ? 1 : 0;
        }
        String s = head.toString(StandardCharsets.ISO_8859_1);
        return s.substring(0, s.length() - 4);
    }

    private static byte[] readExactly(InputStream in, Deadline deadline, int length) throws IOException {
        byte[] out = new byte[length];
        for (int n = 0; n < length; ) {
            int r = deadline.read(in, out, n, length - n);
            if (r < 0) {
                throw new Refused(400, "body shorter than its Content-Length");
            }
            n += r;
        }
        return out;
    }

    private static byte[] readChunked(InputStream in, Deadline deadline, int maxBody) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in, deadline);
            int semi = sizeLine.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new Refused(400, "bad chunk size");
            }
            if (size < 0 || body.size() + (long) size > maxBody) {
                throw new Refused(413, "body too large");
            }
            if (size == 0) {
                while (!readLine(in, deadline).isEmpty()) {
                    // trailers carry nothing we need
                }
                return body.toByteArray();
            }
            body.write(readExactly(in, deadline, size));
            if (!readLine(in, deadline).isEmpty()) {
                throw new Refused(400, "chunk not followed by CRLF");
            }
        }
    }

    private static String readLine(InputStream in, Deadline deadline) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = deadline.read(in); b != '\n'; b = deadline.read(in)) {
            if (b < 0) {
                throw new Refused(400, "closed in the middle of the body");
            }
            if (line.length() > 256) {
                throw new Refused(400, "chunk line too long");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private static long contentLength(String value) throws Refused {
        try {
            long n = Long.parseLong(value);
            if (n < 0) {
                throw new Refused(400, "negative Content-Length");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new Refused(400, "bad Content-Length");
        }
    }

    /** Reads with the socket's timeout set to what is left of one deadline, so slow bytes cannot stretch it. */
    private static final class Deadline {
        private final Socket socket;
        private final long end;

        Deadline(Socket socket, Duration timeout) {
            this.socket = socket;
            this.end = System.nanoTime() + timeout.toNanos();
        }

        int read(InputStream in) throws IOException {
            arm();
            try {
                return in.read();
            } catch (SocketTimeoutException e) {
                throw new Refused(0, "too slow");
            }
        }

        int read(InputStream in, byte[] b, int off, int len) throws IOException {
            arm();
            try {
                return in.read(b, off, len);
            } catch (SocketTimeoutException e) {
                throw new Refused(0, "too slow");
            }
        }

        private void arm() throws IOException {
            long left = Duration.ofNanos(end - System.nanoTime()).toMillis();
            if (left <= 0) {
                throw new Refused(0, "too slow");
            }
            socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
        }
    }
}
