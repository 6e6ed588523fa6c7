package io.storyreel.core.video;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

import java.nio.FloatBuffer;
import java.nio.file.Path;

/**
 * One clip's sound as 48 kHz stereo float, read in order from the clip's picture start (or its trim start); silence
 * once the sound runs out or when the clip has none. Packed float is requested from the grabber because its planar
 * conversion sizes planes by the input channel count (spec P11).
 */
final class ClipAudio implements SoundSource {
    static final int RATE = 48000;

    private final String name;
    private final FFmpegFrameGrabber grabber;
    private final long startUs;
    private float[] pending = new float[0];
    private int pendingPos;
    private int pendingLen;
    private long leadSilence;
    private long toSkip;
    private boolean started;
    private boolean exhausted;

    /** @param fromSeconds where reading starts: the clip's first video timestamp plus any trim */
    ClipAudio(Path clip, boolean hasAudio, double fromSeconds) {
        this.name = clip.getFileName().toString();
        this.startUs = Math.round(fromSeconds * 1_000_000);
        if (!hasAudio) {
            grabber = null;
            exhausted = true;
            return;
        }
        grabber = new FFmpegFrameGrabber(clip.toFile());
        grabber.setSampleFormat(avutil.AV_SAMPLE_FMT_FLT);
        grabber.setSampleRate(RATE);
        grabber.setAudioChannels(2);
        try {
            grabber.start();
        } catch (Exception e) {
            throw new VideoException("Clip " + name + ": its sound could not be read.", e);
        }
    }

    @Override
    public int readSome(float[] dst, int off, int n) {
        int i = 0;
        while (i < n) {
            if (leadSilence > 0) {
                int k = (int) Math.min(leadSilence, n - i);
                java.util.Arrays.fill(dst, off + 2 * i, off + 2 * (i + k), 0f);
                leadSilence -= k;
                i += k;
                continue;
            }
            if (pendingPos >= pendingLen && !refill()) {
                return i;
            }
            if (leadSilence > 0) {
                continue;
            }
            int k = Math.min((pendingLen - pendingPos) / 2, n - i);
            System.arraycopy(pending, pendingPos, dst, off + 2 * i, 2 * k);
            pendingPos += 2 * k;
            i += k;
        }
        return i;
    }

    private boolean refill() {
        while (!exhausted) {
            Frame f;
            try {
                f = grabber.grabSamples();
            } catch (Exception e) {
                // a damaged tail of sound: the rest of the clip is silent rather than the merge failing
                f = null;
            }
            if (f == null) {
                exhausted = true;
                return false;
            }
            if (f.samples == null || f.samples.length == 0) {
                continue;
            }
            FloatBuffer b = (FloatBuffer) f.samples[0];
            int len = b.remaining() & ~1;
            if (pending.length < len) {
                pending = new float[len];
            }
            b.get(pending, 0, len);
            pendingPos = 0;
            pendingLen = len;
            if (!started) {
                started = true;
                long lead = Math.round((f.timestamp - startUs) * (double) RATE / 1_000_000);
                if (lead > 0) {
                    leadSilence = lead;
                } else {
                    toSkip = -lead;
                }
            }
            if (toSkip > 0) {
                int k = (int) Math.min(toSkip, len / 2);
                pendingPos = 2 * k;
                toSkip -= k;
            }
            if (pendingPos < pendingLen || leadSilence > 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        if (grabber != null) {
            try {
                grabber.release();
            } catch (Exception ignored) {
                // released already
            }
        }
    }
}
