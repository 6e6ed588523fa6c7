package io.storyreel.core.video;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

import java.nio.file.Path;

/**
 * What a music file the user sent really is, found by decoding it (its name and MIME type are only claims): how long
 * it plays. A file with no sound, or whose sound does not decode, is refused with a {@link VideoException} fit for
 * the chat.
 */
public final class MusicFile {
    private MusicFile() {
    }

    /** The file's length in seconds, from its header, or by decoding it all when the header does not say. */
    public static double seconds(Path file) {
        VideoNatives.ensureLoaded();
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile());
        try {
            g.start();
            if (g.getAudioChannels() <= 0) {
                throw new VideoException("That file has no sound in it.");
            }
            Frame f = g.grabSamples();
            if (f == null || f.samples == null) {
                throw new VideoException("That file's sound could not be read.");
            }
            long us = g.getLengthInTime();
            if (us > 0) {
                return us / 1e6;
            }
            long last = f.timestamp;
            while ((f = g.grabSamples()) != null) {
                last = f.timestamp;
            }
            return last / 1e6;
        } catch (VideoException e) {
            throw e;
        } catch (Exception e) {
            throw new VideoException("That file is not sound we can play.", e);
        } finally {
            try {
                g.release();
            } catch (Exception ignored) {
                // closing a probe
            }
        }
    }
}
