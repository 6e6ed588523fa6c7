package io.storyreel.core.video;

import java.nio.file.Path;

/**
 * Background music under the whole film: looped when shorter, at a fixed volume, faded out over the last seconds.
 * The fade is computed against the planned film length.
 */
final class MusicBed implements AutoCloseable {
    private final Path file;
    private final float volume;
    private final long fadeStart;
    private final long total;
    private ClipAudio source;
    private long readSinceOpen;
    private final float[] buf = new float[2 * 4096];

    MusicBed(Path file, double volume, double fadeOutSeconds, long totalSamples) {
        this.file = file;
        this.volume = (float) volume;
        this.total = totalSamples;
        this.fadeStart = Math.max(0, totalSamples - Math.round(fadeOutSeconds * ClipAudio.RATE));
        this.source = open();
    }

    private ClipAudio open() {
        String name = file.getFileName().toString();
        org.bytedeco.javacv.FFmpegFrameGrabber g = new org.bytedeco.javacv.FFmpegFrameGrabber(file.toFile());
        try {
            g.start();
            if (g.getAudioChannels() <= 0) {
                throw new VideoException("Music file " + name + " has no sound.");
            }
        } catch (VideoException e) {
            throw e;
        } catch (Exception e) {
            throw new VideoException("Music file " + name + " is not an audio file we can read.", e);
        } finally {
            try {
                g.release();
            } catch (Exception ignored) {
                // closing a probe
            }
        }
        return new ClipAudio(file, true, 0);
    }

    /** Adds music for global samples [at, at+n) into the interleaved stereo {@code mix}. */
    void mixInto(float[] mix, long at, int n) {
        int done = 0;
        while (done < n) {
            int want = Math.min(n - done, buf.length / 2);
            int k = source.readSome(buf, 0, want);
            if (k == 0) {
                if (readSinceOpen == 0) {
                    return; // the file decodes to nothing: no music rather than an endless loop
                }
                source.close();
                source = open();
                readSinceOpen = 0;
                continue;
            }
            readSinceOpen += k;
            for (int i = 0; i < k; i++) {
                long s = at + done + i;
                float gain = volume;
                if (s >= fadeStart && total > fadeStart) {
                    gain *= Math.max(0f, (float) (total - s) / (total - fadeStart));
                }
                mix[2 * (done + i)] += buf[2 * i] * gain;
                mix[2 * (done + i) + 1] += buf[2 * i + 1] * gain;
            }
            done += k;
        }
    }

    @Override
    public void close() {
        source.close();
    }
}
