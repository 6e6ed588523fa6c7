package io.storyreel.core.video;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameFilter;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacpp.Loader;
import org.slf4j.LoggerFactory;

/**
 * Loads the FFmpeg natives once per JVM and checks that libx264 is present. Natives are process-wide by nature, so this
 * is the one place with static state: loading twice would only waste 0.2-0.4 s, never change behaviour.
 */
public final class VideoNatives {
    private static volatile boolean loaded;
    private static volatile boolean avdeviceMissing;

    private VideoNatives() {
    }

    /** Loads grabber, recorder and filter natives; fails fast when the GPL build (libx264) is not on the class path. */
    public static void ensureLoaded() {
        if (loaded) {
            return;
        }
        synchronized (VideoNatives.class) {
            if (loaded) {
                return;
            }
            try {
                // the libraries a merge needs; libavdevice (capture devices, lavfi) is optional
                Loader.load(org.bytedeco.ffmpeg.global.avutil.class);
                Loader.load(org.bytedeco.ffmpeg.global.swresample.class);
                Loader.load(org.bytedeco.ffmpeg.global.avcodec.class);
                Loader.load(org.bytedeco.ffmpeg.global.avformat.class);
                Loader.load(org.bytedeco.ffmpeg.global.swscale.class);
                Loader.load(org.bytedeco.ffmpeg.global.avfilter.class);
                FFmpegFrameFilter.tryLoad();
            } catch (Exception | UnsatisfiedLinkError e) {
                throw new VideoException("The FFmpeg natives could not be loaded: " + e.getMessage(), e);
            }
            try {
                FFmpegFrameGrabber.tryLoad();
                FFmpegFrameRecorder.tryLoad();
            } catch (Exception | UnsatisfiedLinkError e) {
                if (!mentionsAvdevice(e)) {
                    throw new VideoException("The FFmpeg natives could not be loaded: " + e.getMessage(), e);
                }
                // Loads libavdevice last, which links libpulse/libasound/libxcb. The grabber works without it for
                // files (javacv#1579: "just a warning"); only the lavfi/device inputs are lost.
                avdeviceMissing = true;
                LoggerFactory.getLogger(VideoNatives.class).debug(
                        "libavdevice not loaded (install libpulse0 for lavfi inputs): {}", e.getMessage());
            }
            // Without the -gpl classifier, asking for libx264 silently falls back to MPEG-4 Part 2 (spec P1).
            if (avcodec.avcodec_find_encoder_by_name("libx264") == null) {
                throw new VideoException("libx264 is missing: use the org.bytedeco:ffmpeg '-gpl' natives");
            }
            // FFmpeg prints to stderr otherwise; its errors reach us as exceptions and become one clear message
            avutil.av_log_set_level(avutil.AV_LOG_FATAL);
            loaded = true;
        }
    }

    private static boolean mentionsAvdevice(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains("avdevice")) {
                return true;
            }
        }
        return false;
    }

    /** True when libavdevice could not be loaded (lavfi test sources and capture devices are unavailable). */
    public static boolean avdeviceMissing() {
        ensureLoaded();
        return avdeviceMissing;
    }
}
