package io.storyreel.sim.multipart;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A small multipart/form-data reader (RFC 7578), enough for what chat clients upload: TelegramBots sends each Bot API
 * parameter as a part and files as parts with a {@code filename}; Discord4J sends {@code payload_json} plus
 * {@code files[n]} parts.
 */
public final class Multipart {

    /** One part: its form field name, the file name when it carries a file (else null), its type and its bytes. */
    public record Part(String name, String fileName, String contentType, byte[] bytes) {
        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static final byte[] HEADERS_END = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private Multipart() {
    }

    /** True for a {@code multipart/form-data} content type, whatever its parameters. */
    public static boolean isMultipart(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /**
     * The parts of {@code body}, split at the boundary named in {@code contentType}.
     *
     * @throws IllegalArgumentException when the content type names no boundary
     */
    public static List<Part> parse(String contentType, byte[] body) {
        byte[] delimiter = ("--" + boundaryOf(contentType)).getBytes(StandardCharsets.ISO_8859_1);
        List<Part> parts = new ArrayList<>();
        int pos = indexOf(body, delimiter, 0);
        while (pos >= 0) {
            int start = pos + delimiter.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
                break; // closing delimiter
            }
            start = skipLineBreak(body, start);
            int headersEnd = indexOf(body, HEADERS_END, start);
            if (headersEnd < 0) {
                break;
            }
            String headers = new String(body, start, headersEnd - start, StandardCharsets.UTF_8);
            int contentStart = headersEnd + HEADERS_END.length;
            int next = indexOf(body, delimiter, contentStart);
            if (next < 0) {
                break;
            }
            int contentEnd = next - 2; // the CRLF before the delimiter belongs to it
            parts.add(part(headers, Arrays.copyOfRange(body, contentStart, Math.max(contentStart, contentEnd))));
            pos = next;
        }
        return parts;
    }

    private static String boundaryOf(String contentType) {
        for (String piece : contentType.split(";")) {
            String t = piece.trim();
            if (t.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                return unquote(t.substring("boundary=".length()));
            }
        }
        throw new IllegalArgumentException("multipart without boundary");
    }

    private static Part part(String headers, byte[] content) {
        String name = null;
        String fileName = null;
        String contentType = null;
        for (String line : headers.split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-disposition:")) {
                name = attribute(line, "name");
                fileName = attribute(line, "filename");
            } else if (lower.startsWith("content-type:")) {
                contentType = line.substring("content-type:".length()).trim();
            }
        }
        return new Part(name, fileName, contentType, content);
    }

    private static String attribute(String header, String attr) {
        for (String piece : header.split(";")) {
            String t = piece.trim();
            if (t.toLowerCase(Locale.ROOT).startsWith(attr + "=")) {
                return unquote(t.substring(attr.length() + 1));
            }
        }
        return null;
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    private static int skipLineBreak(byte[] b, int i) {
        if (i + 1 < b.length && b[i] == '\r' && b[i + 1] == '\n') {
            return i + 2;
        }
        return i;
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
