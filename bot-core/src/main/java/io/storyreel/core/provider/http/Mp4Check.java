package io.storyreel.core.provider.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Walks the top-level MP4 boxes of a downloaded file. A download cut short (with or without a matching
 * Content-Length) leaves a box that runs past the end of the file or no {@code moov}; an error page served with
 * HTTP 200 has no {@code ftyp}. Cheap, and it catches what a byte count alone cannot.
 */
public final class Mp4Check {
    private Mp4Check() {
    }

    /** Null when the file looks like a complete MP4, else a short reason for logs. */
    public static String problem(Path file) throws IOException {
        long size = Files.size(file);
        boolean ftyp = false;
        boolean moov = false;
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            long pos = 0;
            ByteBuffer head = ByteBuffer.allocate(16);
            while (pos < size) {
                if (size - pos < 8) {
                    return "trailing " + (size - pos) + " bytes after the last box";
                }
                head.clear().limit(8);
                ch.position(pos);
                readFully(ch, head);
                long boxSize = Integer.toUnsignedLong(head.getInt(0));
                String type = new String(head.array(), 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
                if (pos == 0 && !type.equals("ftyp")) {
                    return "not an MP4 (first box '" + printable(type) + "')";
                }
                if (boxSize == 1) {
                    head.clear().limit(8);
                    readFully(ch, head);
                    boxSize = head.getLong(0);
                } else if (boxSize == 0) {
                    boxSize = size - pos;
                }
                if (boxSize < 8) {
                    return "box '" + printable(type) + "' has an invalid size";
                }
                if (pos + boxSize > size) {
                    return "truncated: box '" + printable(type) + "' needs " + (pos + boxSize) + " bytes, file has " + size;
                }
                ftyp |= type.equals("ftyp");
                moov |= type.equals("moov");
                pos += boxSize;
            }
        }
        if (!ftyp) {
            return "empty file";
        }
        return moov ? null : "no moov box";
    }

    private static void readFully(SeekableByteChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    private static String printable(String type) {
        return type.chars().allMatch(c -> c >= 32 && c < 127) ? type : "?";
    }

}
