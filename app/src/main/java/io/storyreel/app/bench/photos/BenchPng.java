package io.storyreel.app.bench.photos;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * A photo-like 8-bit RGB PNG (two gradients, a disc and a grain of noise, tinted per {@code seed}; about 3 MB at
 * 7000×7000, like the files in the security review) written row by row, so the bench never holds a large picture's
 * pixels itself: whatever heap a 49 MP photo costs is the bot's.
 */
final class BenchPng {
    private BenchPng() {
    }

    static void write(OutputStream out, int w, int h, int seed) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.write(new byte[]{(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        byte[] ihdr = new byte[13];
        int32(ihdr, 0, w);
        int32(ihdr, 4, h);
        ihdr[8] = 8; // bits per sample
        ihdr[9] = 2; // RGB
        chunk(d, "IHDR", ihdr);
        // IDAT of unknown length: compress into memory first (a few MB; the pixels themselves are never held)
        java.io.ByteArrayOutputStream idat = new java.io.ByteArrayOutputStream();
        byte[] row = new byte[1 + 3 * w];
        double cx = w * (0.3 + 0.1 * (seed % 5));
        double cy = h * 0.45;
        double r2 = Math.pow(Math.min(w, h) * 0.25, 2);
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(6), 1 << 16)) {
            for (int y = 0; y < h; y++) {
                row[0] = 1; // "Sub" filter: each byte minus its left neighbour, as real encoders choose for photos
                int pr = 0;
                int pg = 0;
                int pb = 0;
                for (int x = 0; x < w; x++) {
                    double dx = x - cx;
                    double dy = y - cy;
                    boolean disc = dx * dx + dy * dy < r2;
                    int cell = (x >> 3) * 0x9E3779B1 ^ (y >> 3) * 0x85EBCA77;
                    int grain = ((cell ^ cell >>> 15) * 0x2C1B3C6D >>> 29) & 0x07; // sensor-like noise in 8×8 cells
                    int r = disc ? 240 : (int) (x * 200L / w) + 20 + grain;
                    int g = disc ? 220 : (int) (y * 180L / h) + 30 + grain;
                    int b = (disc ? 120 : 90 + seed * 25) + grain & 0xFF;
                    row[1 + 3 * x] = (byte) (r - pr);
                    row[2 + 3 * x] = (byte) (g - pg);
                    row[3 + 3 * x] = (byte) (b - pb);
                    pr = r;
                    pg = g;
                    pb = b;
                }
                z.write(row);
            }
        }
        chunk(d, "IDAT", idat.toByteArray());
        chunk(d, "IEND", new byte[0]);
        d.flush();
    }

    private static void chunk(DataOutputStream d, String type, byte[] data) throws IOException {
        d.writeInt(data.length);
        CRC32 crc = new CRC32();
        CheckedOutputStream checked = new CheckedOutputStream(OutputStream.nullOutputStream(), crc);
        checked.write(type.getBytes(StandardCharsets.US_ASCII));
        checked.write(data);
        d.write(type.getBytes(StandardCharsets.US_ASCII));
        d.write(data);
        d.writeInt((int) crc.getValue());
    }

    private static void int32(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }
}
