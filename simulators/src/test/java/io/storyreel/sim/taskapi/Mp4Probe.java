package io.storyreel.sim.taskapi;

import org.bytedeco.javacv.FFmpegFrameGrabber;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What an MP4 really contains, read with FFmpeg through JavaCV. */
public record Mp4Probe(int width, int height, double fps, double seconds, int frames, boolean audio, String videoCodec,
                       boolean moovBeforeMdat) {

    public static Mp4Probe of(Path file) throws IOException {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.start();
            int frames = 0;
            while (g.grabImage() != null) {
                frames++;
            }
            Mp4Probe p = new Mp4Probe(g.getImageWidth(), g.getImageHeight(), g.getFrameRate(),
                    g.getLengthInTime() / 1_000_000.0, frames, g.getAudioChannels() > 0, g.getVideoCodecName(),
                    moovFirst(file));
            g.stop();
            return p;
        }
    }

    /** Walks the top-level boxes: faststart means {@code moov} comes before {@code mdat}. */
    private static boolean moovFirst(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        int at = 0;
        while (at + 8 <= b.length) {
            long size = ((b[at] & 0xffL) << 24) | ((b[at + 1] & 0xffL) << 16) | ((b[at + 2] & 0xffL) << 8)
                    | (b[at + 3] & 0xffL);
            String type = new String(b, at + 4, 4, StandardCharsets.ISO_8859_1);
            if (type.equals("moov")) {
                return true;
            }
            if (type.equals("mdat") || size < 8) {
                return false;
            }
            at += (int) size;
        }
        return false;
    }
}
