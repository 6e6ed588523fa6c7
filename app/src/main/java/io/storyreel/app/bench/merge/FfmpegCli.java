package io.storyreel.app.bench.merge;

import org.bytedeco.javacpp.Loader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The ffmpeg 8.1 executable bundled in the JavaCV GPL jar, run as a child process with its peak RSS measured. */
public final class FfmpegCli {
    private static final Pattern MISSING = Pattern.compile("error while loading shared libraries: ([^:]+):");
    private static final Pattern LOAD_FAILURE = Pattern.compile("(lib[\\w.+-]+\\.so[.\\d]*): cannot open shared object file");
    private static final Map<String, String> PACKAGES = Map.of(
            "libpulse.so.0", "libpulse0", "libasound.so.2", "libasound2", "libxcb.so.1", "libxcb1",
            "libxcb-shm.so.0", "libxcb-shm0", "libxcb-shape.so.0", "libxcb-shape0", "libxcb-xfixes.so.0", "libxcb-xfixes0");

    private final Path binary;
    private final String unavailable;

    private FfmpegCli(Path binary, String unavailable) {
        this.binary = binary;
        this.unavailable = unavailable;
    }

    /** Finds the binary and checks that it starts; when not, {@link #unavailable()} says why and how to fix it. */
    public static FfmpegCli locate() {
        Path bin;
        try {
            bin = Path.of(Loader.load(org.bytedeco.ffmpeg.ffmpeg.class));
        } catch (Throwable t) {
            // the binary's preset loads libavdevice first, which links libpulse/libasound/libxcb
            for (Throwable c = t; c != null; c = c.getCause()) {
                Matcher m = LOAD_FAILURE.matcher(String.valueOf(c.getMessage()));
                if (m.find()) {
                    return new FfmpegCli(null, missing(m.group(1)));
                }
            }
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (String.valueOf(c.getMessage()).contains("avdevice")) {
                    return new FfmpegCli(null, "the bundled ffmpeg cannot start: libavdevice's system libraries are"
                            + " missing (install them: apt-get install libpulse0 libasound2 libxcb-shm0)");
                }
            }
            return new FfmpegCli(null, "the bundled ffmpeg binary could not be extracted: " + t.getMessage());
        }
        try {
            Process p = builder(bin, List.of(bin.toString(), "-hide_banner", "-version")).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() == 0) {
                return new FfmpegCli(bin, null);
            }
            Matcher m = MISSING.matcher(text);
            if (m.find()) {
                return new FfmpegCli(null, missing(m.group(1).trim()));
            }
            return new FfmpegCli(null, "the bundled ffmpeg cannot start: " + text.lines().findFirst().orElse("?"));
        } catch (IOException | InterruptedException e) {
            return new FfmpegCli(null, "the bundled ffmpeg cannot start: " + e.getMessage());
        }
    }

    private static String missing(String lib) {
        String pkg = PACKAGES.getOrDefault(lib, lib.replaceAll("\\.so\\.(\\d+)$", "$1"));
        return "the bundled ffmpeg cannot start: system library " + lib + " is missing (install it: apt-get install "
                + pkg + ")";
    }

    public String unavailable() {
        return unavailable;
    }

    public boolean available() {
        return unavailable == null;
    }

    private static ProcessBuilder builder(Path bin, List<String> cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        String dir = bin.getParent().toString();
        String old = System.getenv("LD_LIBRARY_PATH");
        pb.environment().put("LD_LIBRARY_PATH", old == null || old.isBlank() ? dir : dir + ":" + old);
        return pb;
    }

    /** Wall seconds and peak RSS (MB) of one ffmpeg run. */
    public record Run(double seconds, double peakRssMb) {
    }

    public Run run(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        boolean time = Files.isExecutable(Path.of("/usr/bin/time"));
        if (time) {
            cmd.addAll(List.of("/usr/bin/time", "-v"));
        }
        cmd.add(binary.toString());
        cmd.addAll(List.of("-hide_banner", "-loglevel", "error", "-y"));
        cmd.addAll(args);
        long t0 = System.nanoTime();
        Process p = builder(binary, cmd).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (code != 0) {
            throw new IOException("ffmpeg failed (" + code + "): " + text.lines().filter(l -> !l.isBlank())
                    .findFirst().orElse(""));
        }
        double rss = Double.NaN;
        Matcher m = Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)").matcher(text);
        if (m.find()) {
            rss = Long.parseLong(m.group(1)) / 1024.0;
        }
        return new Run(seconds, rss);
    }
}
