package io.storyreel.app.bench.merge;

import io.storyreel.core.video.JavacvMerger;
import io.storyreel.core.video.MergeOptions;
import io.storyreel.core.video.MergeResult;
import io.storyreel.core.video.Merger;
import io.storyreel.core.video.SyntheticClip;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Runs the merge benchmark on clips generated in {@code work}; prints a table and then one JSON line. */
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

    public void run() throws Exception {
        Merger merger = new JavacvMerger();
        out.printf("Generating %d x %.0f s 720p24 clips with sound and a mixed set of 4 ...%n", clips, seconds);
        out.flush();
        List<Path> uniform = new ArrayList<>();
        for (int i = 0; i < clips; i++) {
            uniform.add(SyntheticClip.of(1280, 720, 24, seconds).heavy().withTone(300 + 100 * i)
                    .writeTo(work.resolve("u" + i + ".mp4")));
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

        // warm-up: natives and JIT, as in a running bot
        merger.merge(uniform.subList(0, 2), MergeOptions.defaults(), work.resolve("warmup.mp4"));

        resetPeak();
        long t0 = System.nanoTime();
        MergeResult copy = merger.merge(uniform, MergeOptions.defaults(), work.resolve("copy.mp4"));
        double copyS = secs(t0);
        rows.add(new Row("JavaCV " + copy.path() + " (video copy + AAC re-encode)", copyS, peakMb(),
                mb(copy.bytes())));

        Double ffCopy = null;
        Double ffNorm = null;
        if (cli.available()) {
            Path list = work.resolve("list.txt");
            StringBuilder sb = new StringBuilder();
            for (Path p : uniform) {
                sb.append("file '").append(p.toAbsolutePath()).append("'\n");
            }
            Files.writeString(list, sb);
            FfmpegCli.Run r = cli.run(List.of("-f", "concat", "-safe", "0", "-i", list.toString(), "-c", "copy",
                    "-movflags", "+faststart", work.resolve("ff-copy.mp4").toString()));
            ffCopy = r.seconds();
            rows.add(new Row("ffmpeg CLI concat -c copy", r.seconds(), r.peakRssMb(),
                    mb(Files.size(work.resolve("ff-copy.mp4")))));
        }

        resetPeak();
        t0 = System.nanoTime();
        MergeResult norm = merger.merge(mixed, MergeOptions.defaults(), work.resolve("normalise.mp4"));
        double normS = secs(t0);
        rows.add(new Row("JavaCV " + norm.path() + " (x264 veryfast crf 23)", normS, peakMb(),
                mb(norm.bytes()) + ", " + norm.width() + "x" + norm.height()));
        if (cli.available()) {
            FfmpegCli.Run r = cli.run(normaliseArgs(mixed, mixedSpecs, norm, work.resolve("ff-normalise.mp4")));
            ffNorm = r.seconds();
            rows.add(new Row("ffmpeg CLI same filters + x264 veryfast crf 23", r.seconds(), r.peakRssMb(),
                    mb(Files.size(work.resolve("ff-normalise.mp4")))));
        }

        long limit = Math.min(10L * 1024 * 1024, copy.bytes() / 2);
        resetPeak();
        t0 = System.nanoTime();
        MergeResult fit = merger.merge(uniform, MergeOptions.defaults().withByteLimit(limit), work.resolve("fit.mp4"));
        double fitS = secs(t0);
        double ratio = fit.bytes() / (double) limit;
        double fitRss = peakMb();
        rows.add(new Row("JavaCV " + fit.path() + " to " + mb(limit), fitS, fitRss,
                mb(fit.bytes()) + String.format(Locale.ROOT, " = %.1f %% of the limit", 100 * ratio)));

        out.println();
        out.printf("%-52s %9s %12s  %s%n", "method", "wall s", "peak RSS MB", "output");
        for (Row r : rows) {
            out.printf(Locale.ROOT, "%-52s %9.2f %12.0f  %s%n", r.what(), r.seconds(), r.rssMb(), r.note());
        }
        if (ffCopy != null) {
            out.printf(Locale.ROOT, "copy path vs CLI floor: %.2fx; normalise path vs CLI: %.2fx%n", copyS / ffCopy,
                    normS / ffNorm);
        }
        double peak = rows.stream().filter(r -> r.what().startsWith("JavaCV")).mapToDouble(Row::rssMb).max().orElse(0);
        out.printf(Locale.ROOT, "{\"copy_s\":%.3f,\"ffmpeg_copy_s\":%s,\"normalise_s\":%.3f,\"ffmpeg_normalise_s\":%s,"
                        + "\"fit_s\":%.3f,\"fit_ratio\":%.4f,\"peak_rss_mb\":%.0f}%n", copyS, num(ffCopy), normS,
                num(ffNorm), fitS, ratio, peak);
        out.flush();
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
