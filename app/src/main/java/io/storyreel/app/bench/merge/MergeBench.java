package io.storyreel.app.bench.merge;

import io.storyreel.core.video.Canvas;
import io.storyreel.core.video.JavacvMerger;
import io.storyreel.core.video.MergeOptions;
import io.storyreel.core.video.MergeResult;
import io.storyreel.core.video.Merger;
import io.storyreel.core.video.SyntheticClip;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the merge benchmark on clips generated in {@code work}; prints a table and then one JSON line. Besides the
 * copy, normalise and fit paths, the pipelined case: mixed clips normalised as they land, against normalising them all
 * at the end ({@code pipelined_s}, {@code end_normalise_s}).
 */
public final class MergeBench {
    private final Path work;
    private final int clips;
    private final double seconds;
    private final PrintWriter out;

    public MergeBench(Path work, int clips, double seconds, PrintWriter out) {
        this.work = work;
        this.clips = clips;
        this.seconds = seconds;
        this.out = out;
    }

    private record Row(String what, double seconds, double rssMb, String note) {
    }

    /** One method's figures: median wall seconds over {@link #RUNS} runs, peak RSS over them, the last result. */
    private record Timed(double seconds, double rssMb, Object result) {
        MergeResult film() {
            return (MergeResult) result;
        }
    }

    private interface Work {
        Object run() throws Exception;
    }

    private static final int RUNS = 3;

    /**
     * Runs the methods round-robin, {@link #RUNS} rounds, in this process: ours warm like in a running bot, and ours and
     * the CLI's runs interleaved so a change in machine load (2 shared cores) hits both sides alike. At most one of the
     * methods may be ours: the process's peak RSS is reset before and read after, and CLI children do not count in it.
     */
    private static List<Timed> interleaved(List<Work> methods) throws Exception {
        int n = methods.size();
        double[][] secs = new double[n][RUNS];
        double[] rss = new double[n];
        Object[] last = new Object[n];
        resetPeak();
        for (int run = 0; run < RUNS; run++) {
            for (int m = 0; m < n; m++) {
                long t0 = System.nanoTime();
                last[m] = methods.get(m).run();
                secs[m][run] = secs(t0);
                if (last[m] instanceof FfmpegCli.Run r) {
                    secs[m][run] = r.seconds();
                    rss[m] = Math.max(rss[m], r.peakRssMb());
                }
            }
        }
        double ours = peakMb();
        List<Timed> out = new ArrayList<>();
        for (int m = 0; m < n; m++) {
            java.util.Arrays.sort(secs[m]);
            out.add(new Timed(secs[m][RUNS / 2], last[m] instanceof FfmpegCli.Run ? rss[m] : ours, last[m]));
        }
        return out;
    }

    private static Work cliWork(FfmpegCli cli, List<String> args) {
        return () -> cli.run(args);
    }

    public void run() throws Exception {
        Merger merger = new JavacvMerger();
        out.printf("Generating %d x %.0f s 720p24 clips with sound (and the same without), and a mixed set of 4 ...%n",
                clips, seconds);
        out.flush();
        List<Path> uniform = new ArrayList<>();
        List<Path> silent = new ArrayList<>();
        for (int i = 0; i < clips; i++) {
            uniform.add(SyntheticClip.of(1280, 720, 24, seconds).heavy().withTone(300 + 100 * i)
                    .writeTo(work.resolve("u" + i + ".mp4")));
            // provider clips (Kling, MiniMax) have no sound: the same pictures, sound stripped
            silent.add(withoutSound(uniform.get(i), work.resolve("s" + i + ".mp4")));
        }
        List<SyntheticClip> mixedSpecs = List.of(
                SyntheticClip.of(1280, 720, 24, seconds).heavy(),
                SyntheticClip.of(1280, 720, 30, seconds).heavy().withoutAudio(),
                SyntheticClip.of(720, 1280, 30, seconds).heavy().withAudio(44100, 1, seconds + 0.02),
                SyntheticClip.of(960, 540, 25, seconds).heavy());
        List<Path> mixed = new ArrayList<>();
        for (int i = 0; i < mixedSpecs.size(); i++) {
            mixed.add(mixedSpecs.get(i).writeTo(work.resolve("m" + i + ".mp4")));
        }
        List<Row> rows = new ArrayList<>();
        FfmpegCli cli = FfmpegCli.locate();
        if (!cli.available()) {
            out.println("ffmpeg CLI baselines skipped: " + cli.unavailable());
        }
        out.printf("Each figure is the median of %d runs in this process (warm), ours and the CLI's interleaved.%n", RUNS);
        out.flush();

        // warm-up: natives and JIT, as in a running bot
        merger.merge(uniform.subList(0, 2), MergeOptions.defaults(), work.resolve("warmup.mp4"));
        merger.merge(silent.subList(0, 2), MergeOptions.defaults(), work.resolve("warmup.mp4"));

        boolean ff = cli.available();
        Path list = concatList(uniform, work.resolve("list.txt"));
        Path silentList = concatList(silent, work.resolve("silent.txt"));
        List<Work> copyMethods = new ArrayList<>();
        copyMethods.add(() -> merger.merge(uniform, MergeOptions.defaults(), work.resolve("copy.mp4")));
        if (ff) {
            copyMethods.add(cliWork(cli, List.of("-f", "concat", "-safe", "0", "-i", list.toString(),
                    "-c", "copy", "-movflags", "+faststart", work.resolve("ff-copy.mp4").toString())));
            // pictures copied, the whole sound decoded and encoded to one AAC track (our copy path splices instead)
            copyMethods.add(cliWork(cli, List.of("-f", "concat", "-safe", "0", "-i", list.toString(),
                    "-c:v", "copy", "-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-ac", "2",
                    "-movflags", "+faststart", work.resolve("ff-copy-aac.mp4").toString())));
        }
        List<Timed> c = interleaved(copyMethods);
        Timed copy = c.get(0);
        rows.add(new Row("JavaCV " + copy.film().path() + " (video copy + AAC splice)", copy.seconds(),
                copy.rssMb(), mb(copy.film().bytes())));
        Double ffCopy = ff ? c.get(1).seconds() : null;
        Double ffCopyAac = ff ? c.get(2).seconds() : null;
        if (ff) {
            rows.add(new Row("ffmpeg CLI concat -c copy (floor; sound drifts)", ffCopy, c.get(1).rssMb(),
                    mb(Files.size(work.resolve("ff-copy.mp4")))));
            rows.add(new Row("ffmpeg CLI concat -c:v copy -c:a aac (whole track)", ffCopyAac, c.get(2).rssMb(),
                    mb(Files.size(work.resolve("ff-copy-aac.mp4")))));
        }

        List<Work> silentMethods = new ArrayList<>();
        silentMethods.add(() -> merger.merge(silent, MergeOptions.defaults(), work.resolve("silent.mp4")));
        if (ff) {
            silentMethods.add(cliWork(cli, List.of("-f", "concat", "-safe", "0", "-i", silentList.toString(),
                    "-c", "copy", "-movflags", "+faststart", work.resolve("ff-silent.mp4").toString())));
        }
        List<Timed> sc = interleaved(silentMethods);
        Timed silentCopy = sc.get(0);
        rows.add(new Row("JavaCV " + silentCopy.film().path() + ", silent clips (+ silent AAC)",
                silentCopy.seconds(), silentCopy.rssMb(), mb(silentCopy.film().bytes())));
        Double ffSilent = ff ? sc.get(1).seconds() : null;
        if (ff) {
            rows.add(new Row("ffmpeg CLI concat -c copy, silent clips (no sound track)", ffSilent,
                    sc.get(1).rssMb(), mb(Files.size(work.resolve("ff-silent.mp4")))));
        }

        // the canvas the CLI twin needs is the one our normalise path picks: learn it from a warm-up run
        MergeResult canvas = merger.merge(mixed, MergeOptions.defaults(), work.resolve("normalise.mp4"));
        List<Work> normMethods = new ArrayList<>();
        normMethods.add(() -> merger.merge(mixed, MergeOptions.defaults(), work.resolve("normalise.mp4")));
        if (ff) {
            normMethods.add(cliWork(cli, normaliseArgs(mixed, mixedSpecs, canvas, work.resolve("ff-normalise.mp4"))));
        }
        List<Timed> nc = interleaved(normMethods);
        Timed norm = nc.get(0);
        rows.add(new Row("JavaCV " + norm.film().path() + " (x264 veryfast crf 23)", norm.seconds(), norm.rssMb(),
                mb(norm.film().bytes()) + ", " + norm.film().width() + "x" + norm.film().height()));
        Double ffNorm = ff ? nc.get(1).seconds() : null;
        if (ff) {
            rows.add(new Row("ffmpeg CLI same filters + x264 veryfast crf 23", ffNorm, nc.get(1).rssMb(),
                    mb(Files.size(work.resolve("ff-normalise.mp4")))));
        }

        Pipelined pipe = pipelined(merger);
        rows.add(new Row("JavaCV normalise all at the end (mixed 720p)", pipe.end().seconds(), pipe.end().rssMb(),
                mb(pipe.end().film().bytes()) + ", " + pipe.end().film().path()));
        rows.add(new Row("JavaCV pipelined: last clip normalised + " + pipe.pipelined().film().path() + " merge",
                pipe.pipelined().seconds(), pipe.pipelined().rssMb(), mb(pipe.pipelined().film().bytes())
                        + String.format(Locale.ROOT, " (normalise %.3f s, %.2f CPU-s + merge %.3f s, %.2f CPU-s)",
                        pipe.lastNormalise(), pipe.normaliseCpu(), pipe.merge(), pipe.mergeCpu())));

        long limit = Math.min(10L * 1024 * 1024, copy.film().bytes() / 2);
        Timed fit = interleaved(List.of(() -> merger.merge(uniform, MergeOptions.defaults().withByteLimit(limit),
                work.resolve("fit.mp4")))).get(0);
        double ratio = fit.film().bytes() / (double) limit;
        rows.add(new Row("JavaCV " + fit.film().path() + " to " + mb(limit), fit.seconds(), fit.rssMb(),
                mb(fit.film().bytes()) + String.format(Locale.ROOT, " = %.1f %% of the limit, %d encode(s)",
                        100 * ratio, fit.film().encodes())));

        out.println();
        out.printf("%-58s %9s %12s  %s%n", "method", "wall s", "peak RSS MB", "output");
        for (Row r : rows) {
            out.printf(Locale.ROOT, "%-58s %9.3f %12.0f  %s%n", r.what(), r.seconds(), r.rssMb(), r.note());
        }
        if (ff) {
            out.printf(Locale.ROOT, "copy path vs CLI floor (-c copy): %.2fx; vs CLI re-encoding all the sound (-c:v copy"
                    + " -c:a aac): %.2fx%n", copy.seconds() / ffCopy, copy.seconds() / ffCopyAac);
            out.printf(Locale.ROOT, "silent clips, copy path vs CLI floor: %.2fx; normalise path vs CLI: %.2fx%n",
                    silentCopy.seconds() / ffSilent, norm.seconds() / ffNorm);
        }
        double peak = rows.stream().filter(r -> r.what().startsWith("JavaCV")).mapToDouble(Row::rssMb).max().orElse(0);
        out.printf(Locale.ROOT, "{\"copy_s\":%.3f,\"ffmpeg_copy_s\":%s,\"normalise_s\":%.3f,\"ffmpeg_normalise_s\":%s,"
                        + "\"fit_s\":%.3f,\"fit_ratio\":%.4f,\"peak_rss_mb\":%.0f,\"ffmpeg_copy_aac_s\":%s,"
                        + "\"silent_copy_s\":%.3f,\"ffmpeg_silent_copy_s\":%s,\"fit_encodes\":%d,\"runs\":%d,"
                        + "\"pipelined_s\":%.3f,\"end_normalise_s\":%.3f,\"pipelined_normalise_s\":%.3f,"
                        + "\"pipelined_merge_s\":%.3f,\"pipelined_normalise_cpu_s\":%.3f,\"pipelined_merge_cpu_s\":%.3f}%n",
                copy.seconds(), num(ffCopy), norm.seconds(), num(ffNorm), fit.seconds(), ratio, peak, num(ffCopyAac),
                silentCopy.seconds(), num(ffSilent), fit.film().encodes(), RUNS, pipe.pipelined().seconds(),
                pipe.end().seconds(), pipe.lastNormalise(), pipe.merge(), pipe.normaliseCpu(), pipe.mergeCpu());
        out.flush();
    }

    /**
     * The pipelined case's figures; the split of the pipelined time is its last run's, in wall seconds and in this
     * process's CPU seconds (all its threads, x264's included: what a loaded machine does not blur).
     */
    private record Pipelined(Timed end, Timed pipelined, double lastNormalise, double merge, double normaliseCpu,
                             double mergeCpu) {
    }

    /**
     * Films whose clips differ, as a film of clips from several providers: the time from the last clip landing to the
     * film ready. Today's way normalises every clip at the end; the pipelined way has normalised each clip onto the
     * film's canvas as it landed (done here, untimed, as it would be while the others are made), so only the last
     * clip's normalisation and the copy merge are left. Both on the same clips, interleaved.
     */
    private Pipelined pipelined(Merger merger) throws Exception {
        List<SyntheticClip> kinds = List.of(
                SyntheticClip.of(1280, 720, 24, seconds).heavy().withTone(300),
                SyntheticClip.of(1280, 720, 30, seconds).heavy().withoutAudio(),
                SyntheticClip.of(960, 540, 25, seconds).heavy().withAudio(44100, 1, seconds + 0.02).withTone(500),
                SyntheticClip.of(1280, 720, 25, seconds).heavy().withoutAudio(),
                SyntheticClip.of(720, 1280, 30, seconds).heavy().withTone(700),
                SyntheticClip.of(1280, 720, 24, seconds).heavy().withoutAudio());
        out.printf("Generating %d x %.0f s mixed 720p clips (sizes, 24/25/30 fps, with and without sound) ...%n", clips,
                seconds);
        out.flush();
        List<Path> landed = new ArrayList<>();
        for (int i = 0; i < clips; i++) {
            landed.add(kinds.get(i % kinds.size()).writeTo(work.resolve("p" + i + ".mp4")));
        }
        Canvas canvas = Canvas.of(16 / 9.0, 720, 30);
        List<Path> normalised = new ArrayList<>();
        for (int i = 0; i < clips - 1; i++) {
            normalised.add(merger.normalise(landed.get(i), canvas, work.resolve("pn" + i + ".mp4")).output());
        }
        Path last = landed.get(clips - 1);
        Path lastNormalised = work.resolve("pn" + (clips - 1) + ".mp4");
        List<Path> all = new ArrayList<>(normalised);
        all.add(lastNormalised);
        double[] split = new double[4];
        List<Timed> t = interleaved(List.of(
                () -> merger.merge(landed, MergeOptions.defaults(), work.resolve("end-normalise.mp4")),
                () -> {
                    long c0 = cpuNanos();
                    long t0 = System.nanoTime();
                    merger.normalise(last, canvas, lastNormalised);
                    split[0] = secs(t0);
                    long c1 = cpuNanos();
                    long t1 = System.nanoTime();
                    MergeResult film = merger.merge(all, MergeOptions.defaults(), work.resolve("pipelined.mp4"));
                    split[1] = secs(t1);
                    split[2] = (c1 - c0) / 1e9;
                    split[3] = (cpuNanos() - c1) / 1e9;
                    return film;
                }));
        return new Pipelined(t.get(0), t.get(1), split[0], split[1], split[2], split[3]);
    }

    private static Path concatList(List<Path> clips, Path list) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Path p : clips) {
            sb.append("file '").append(p.toAbsolutePath()).append("'\n");
        }
        return Files.writeString(list, sb);
    }

    /** The clip's video packets alone, copied into a new MP4. */
    private static Path withoutSound(Path in, Path out) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(in.toFile())) {
            g.start();
            try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(out.toFile(), g.getImageWidth(),
                    g.getImageHeight(), 0)) {
                rec.setFormat("mp4");
                rec.setOption("movflags", "+faststart");
                rec.start(g.getFormatContext());
                AVPacket pkt;
                while ((pkt = g.grabPacket()) != null) {
                    if (g.getFormatContext().streams(pkt.stream_index()).codecpar().codec_type()
                            == avutil.AVMEDIA_TYPE_VIDEO) {
                        rec.recordPacket(pkt);
                    } else {
                        avcodec.av_packet_unref(pkt);
                    }
                }
                rec.stop();
            }
        }
        return out;
    }

    /** The CLI twin of the normalise path: per-input scale/pad/setsar/fps/format, sound cut or padded, concat. */
    private static List<String> normaliseArgs(List<Path> clips, List<SyntheticClip> specs, MergeResult target, Path out) {
        List<String> args = new ArrayList<>();
        StringBuilder fc = new StringBuilder();
        int w = target.width();
        int h = target.height();
        int fps = 30;
        for (int i = 0; i < clips.size(); i++) {
            args.addAll(List.of("-i", clips.get(i).toString()));
        }
        for (int i = 0; i < clips.size(); i++) {
            SyntheticClip s = specs.get(i);
            fc.append(String.format(Locale.ROOT, "[%d:v]scale=%d:%d:force_original_aspect_ratio=decrease,"
                    + "pad=%d:%d:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=%d,format=yuv420p[v%d];", i, w, h, w, h, fps, i));
            if (s.audioRate() > 0) {
                fc.append(String.format(Locale.ROOT, "[%d:a]aresample=48000,aformat=channel_layouts=stereo,apad,"
                        + "atrim=0:%.3f[a%d];", i, s.seconds(), i));
            } else {
                fc.append(String.format(Locale.ROOT, "anullsrc=r=48000:cl=stereo,atrim=0:%.3f[a%d];", s.seconds(), i));
            }
        }
        for (int i = 0; i < clips.size(); i++) {
            fc.append("[v").append(i).append("][a").append(i).append(']');
        }
        fc.append("concat=n=").append(clips.size()).append(":v=1:a=1[v][a]");
        args.addAll(List.of("-filter_complex", fc.toString(), "-map", "[v]", "-map", "[a]",
                "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-profile:v", "high", "-g", "60",
                "-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-movflags", "+faststart", out.toString()));
        return args;
    }

    private static String num(Double d) {
        return d == null ? "null" : String.format(Locale.ROOT, "%.3f", d);
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.2f MB", bytes / 1e6);
    }

    /** This process's CPU time, every thread (native ones too), or -1 where the JVM cannot tell. */
    private static long cpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Resets this process's peak RSS (Linux: writing 5 to clear_refs), so each phase gets its own figure. */
    private static void resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | UnsupportedOperationException ignored) {
            // not Linux or not allowed: the figure is then the peak so far
        }
    }

    private static double peakMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException ignored) {
            // not Linux
        }
        return Double.NaN;
    }
}
