package io.storyreel.sim.discord;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A small multipart/form-data reader: Discord4J sends {@code payload_json} plus {@code files[n]} parts. */
final class Multipart {
    record Part(String name, String fileName, String contentType, byte[] bytes) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private Multipart() {
    }

    static boolean isMultipart(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    static List<Part> parse(String contentType, byte[] body) {
        String boundary = null;
        for (String p : contentType.split(";")) {
            String t = p.trim();
            if (t.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                boundary = t.substring(9).replace("\"", "");
            }
        }
        if (boundary == null) {
            throw new IllegalArgumentException("multipart without boundary");
        }
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<Part> parts = new ArrayList<>();
        int pos = indexOf(body, delimiter, 0);
        while (pos >= 0) {
            int start = pos + delimiter.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
                break;
            }
            start += 2; // CRLF after the delimiter
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
            if (headersEnd < 0) {
                break;
            }
            String headers = new String(body, start, headersEnd - start, StandardCharsets.UTF_8);
            int next = indexOf(body, delimiter, headersEnd + 4);
            if (next < 0) {
                break;
            }
            int contentEnd = next - 2; // CRLF before the next delimiter
            byte[] content = java.util.Arrays.copyOfRange(body, headersEnd + 4, Math.max(headersEnd + 4, contentEnd));
            String name = null;
            String fileName = null;
            String type = null;
            for (String line : headers.split("\r\n")) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-disposition:")) {
                    name = attribute(line, "name");
                    fileName = attribute(line, "filename");
                } else if (lower.startsWith("content-type:")) {
                    type = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            parts.add(new Part(name, fileName, type, content));
            pos = next;
        }
        return parts;
    }

    private static String attribute(String header, String key) {
        for (String p : header.split(";")) {
            String t = p.trim();
            if (t.startsWith(key + "=")) {
                String v = t.substring(key.length() + 1);
                return v.startsWith("\"") ? v.substring(1, v.length() - 1) : v;
            }
        }
        return null;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
