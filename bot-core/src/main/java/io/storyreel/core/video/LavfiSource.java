package io.storyreel.core.video;

import org.bytedeco.ffmpeg.avfilter.AVFilter;
import org.bytedeco.ffmpeg.avfilter.AVFilterContext;
import org.bytedeco.ffmpeg.avfilter.AVFilterGraph;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avfilter;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * FFmpeg's lavfi source filters ({@code testsrc2}, {@code sine}, ...) run as a libavfilter graph: the sources the
 * {@code ffmpeg -f lavfi} input offers, without libavdevice (whose build here needs PulseAudio's libraries, which a
 * server lacks). A chain of {@code name=args} filters, the first a source, is linked to a buffer sink and pulled
 * frame by frame.
 */
final class LavfiSource implements AutoCloseable {
    private final AVFilterGraph graph;
    private final AVFilterContext sink;
    private final AVFrame frame = avutil.av_frame_alloc();

    /**
     * @param audio  true for an audio chain (ends in {@code abuffersink})
     * @param chain  filters in order, each {@code {name, args}}; args may be null
     */
    LavfiSource(boolean audio, String[]... chain) {
        VideoNatives.ensureLoaded();
        graph = avfilter.avfilter_graph_alloc();
        try {
            AVFilterContext prev = null;
            for (int i = 0; i <= chain.length; i++) {
                String name = i < chain.length ? chain[i][0] : (audio ? "abuffersink" : "buffersink");
                String args = i < chain.length ? chain[i][1] : null;
                AVFilterContext ctx = create(name, "f" + i, args);
                if (prev != null && avfilter.avfilter_link(prev, 0, ctx, 0) < 0) {
                    throw new VideoException("lavfi: cannot link " + name);
                }
                prev = ctx;
            }
            sink = prev;
            if (avfilter.avfilter_graph_config(graph, null) < 0) {
                throw new VideoException("lavfi: the filter graph is not valid");
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private AVFilterContext create(String name, String instance, String args) {
        AVFilter f = avfilter.avfilter_get_by_name(name);
        if (f == null) {
            throw new VideoException("lavfi: no filter named " + name);
        }
        try (PointerPointer<AVFilterContext> pp = new PointerPointer<>(1);
             BytePointer instanceName = new BytePointer(instance);
             BytePointer options = args == null ? null : new BytePointer(args)) {
            int ret = avfilter.avfilter_graph_create_filter(pp, f, instanceName, options, null, graph);
            if (ret < 0) {
                throw new VideoException("lavfi: cannot create " + name + "=" + args + " (error " + ret + ")");
            }
            return pp.get(AVFilterContext.class, 0);
        }
    }

    /** The next frame (valid until the next call), or null at the end of the source. */
    AVFrame next() {
        avutil.av_frame_unref(frame);
        int ret = avfilter.av_buffersink_get_frame(sink, frame);
        if (ret == avutil.AVERROR_EOF) {
            return null;
        }
        if (ret < 0) {
            throw new VideoException("lavfi: the source failed (error " + ret + ")");
        }
        return frame;
    }

    @Override
    public void close() {
        avutil.av_frame_free(frame);
        if (graph != null) {
            avfilter.avfilter_graph_free(graph);
        }
    }
}
