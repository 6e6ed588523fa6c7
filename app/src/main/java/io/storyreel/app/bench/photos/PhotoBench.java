package io.storyreel.app.bench.photos;

import io.storyreel.app.demo.DemoRun;
import io.storyreel.core.provider.kling.KlingProvider;

import javax.imageio.ImageIO;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One film of large PNGs (cheap files, many pixels: the photos of the security review's experiment E6) against one
 * film of small JPEGs (what a phone or Telegram sends), in this process, each through {@link DemoRun} (the
 * Kling simulator, the fake Telegram Bot API, the real bot with its engine and merge, the photos sent as files).
 * Before each film a full GC. A film's figure is its exact peak of heap in use: heap use only grows between
 * collections, so its peak is the total just before one of them (which every collection reports, pool by pool, at
 * the same instant) or at the end; a sampler reading the heap every 5 ms covers the stretch after the last
 * collection. It counts garbage not yet collected, as the JVM does, so it depends on the heap the JVM was given:
 * run it with {@code -Xmx256m} to see the large film fit in 256 MB. A small warm-up film runs first, unmeasured, so
 * class loading and first-use caches do not count against either film.
 */
public final class PhotoBench {
    /** What to run: photos per film, the side of the large and of the small (square) photos, simulated clip length. */
    public record Options(int photos, int largeSide, int smallSide, double clipSeconds) {
    }

    /** One film's figures. */
    record Film(String what, int side, long bytesPerPhoto, double seconds, long peakHeapBytes, long liveHeapBytes) {
        double megapixels() {
            return side * (double) side / 1e6;
        }
    }

    private final Options options;
    private final Path work;
    private final PrintStream out;

    public PhotoBench(Options options, Path work, PrintStream out) {
        this.options = options;
        this.work = work;
        this.out = out;
    }

    public void run() throws Exception {
        out.printf(Locale.ROOT, "Storyreel photo bench: a film of %d PNGs of %d×%d against one of %d×%d JPEGs, "
                        + "sent as files%n", options.photos(), options.largeSide(), options.largeSide(),
                options.smallSide(), options.smallSide());
        film("warm-up", 1, options.smallSide(), true);
        Film small = film("small", options.photos(), options.smallSide(), true);
        Film large = film("large", options.photos(), options.largeSide(), false);
        long maxHeap = Runtime.getRuntime().maxMemory();

        out.println();
        out.printf(Locale.ROOT, "%-8s %10s %12s %10s %16s %22s%n", "film", "MP each", "KB per file", "seconds",
                "peak heap (MB)", "most live after GC (MB)");
        for (Film f : List.of(small, large)) {
            out.printf(Locale.ROOT, "%-8s %10.1f %12d %10.1f %16d %22d%n", f.what(), f.megapixels(),
                    f.bytesPerPhoto() / 1024, f.seconds(), mb(f.peakHeapBytes()), mb(f.liveHeapBytes()));
        }
        double ratio = large.peakHeapBytes() / (double) small.peakHeapBytes();
        out.printf(Locale.ROOT, "large/small peak heap %.2f (aim: under 2); large film %d MB (aim: under 256 MB); "
                + "max heap of this JVM %d MB%n", ratio, mb(large.peakHeapBytes()), mb(maxHeap));
        if (maxHeap > (1L << 30)) {
            out.println("Peaks include garbage not yet collected, which a large heap lets pile up between collections; "
                    + "for what the films need, run with -Xmx256m (STORYREEL_JAVA_OPTS=-Xmx256m ./storyreel bench photos).");
        }
        out.printf(Locale.ROOT, "{\"photos\":%d,\"large_megapixels\":%.1f,\"small_megapixels\":%.1f,"
                        + "\"large_peak_heap_mb\":%d,\"small_peak_heap_mb\":%d,\"ratio\":%.2f,\"large_film_s\":%.1f,"
                        + "\"small_film_s\":%.1f,\"large_live_heap_mb\":%d,\"small_live_heap_mb\":%d,"
                        + "\"max_heap_mb\":%d}%n",
                options.photos(), large.megapixels(), small.megapixels(), mb(large.peakHeapBytes()),
                mb(small.peakHeapBytes()), ratio, large.seconds(), small.seconds(), mb(large.liveHeapBytes()),
                mb(small.liveHeapBytes()), mb(maxHeap));
        out.flush();
    }

    /**
     * {@code asJpeg}: the photo as a phone or Telegram would send it, else the PNG as it was painted. The photos are
     * written to files and streamed from there into the fake Telegram, so neither this bench nor the fake holds
     * their bytes in the heap being measured: what a film costs is the bot's.
     */
    private Film film(String what, int count, int side, boolean asJpeg) throws Exception {
        List<DemoRun.Photo> photos = new ArrayList<>();
        Path dir = Files.createDirectories(work.resolve(what + "-photos"));
        for (int i = 0; i < count; i++) {
            Path png = dir.resolve(what + "-" + (i + 1) + ".png");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(png))) {
                BenchPng.write(out, side, side, i);
            }
            Path photo = png;
            if (asJpeg) {
                photo = dir.resolve(what + "-" + (i + 1) + ".jpg");
                if (!ImageIO.write(ImageIO.read(png.toFile()), "jpg", photo.toFile())) {
                    throw new IllegalStateException("no JPEG writer");
                }
                Files.delete(png);
            }
            photos.add(DemoRun.Photo.onDisk(photo, "Scene " + (i + 1) + ": the light moves slowly across the picture"));
        }
        Path data = Files.createDirectories(work.resolve(what + "-data"));
        DemoRun run = new DemoRun(KlingProvider.ID, photos, work.resolve(what + ".mp4"), options.clipSeconds(), data,
                new PrintStream(PrintStream.nullOutputStream())).sendingFiles();
        collectGarbage();
        long start = System.nanoTime();
        long peak;
        long live;
        try (HeapPeak heap = HeapPeak.start()) {
            int code = run.run();
            if (code != 0) {
                throw new IllegalStateException("the " + what + " film ended with exit code " + code);
            }
            peak = heap.peak();
            live = heap.livePeak();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!what.equals("warm-up")) {
            out.printf(Locale.ROOT, "  %s film done in %.1f s%n", what, seconds);
        }
        return new Film(what, side, Files.size(photos.get(0).file()), seconds, peak, live);
    }

    private static void collectGarbage() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
    }

    private static long mb(long bytes) {
        return Math.round(bytes / (1024.0 * 1024.0));
    }
}
