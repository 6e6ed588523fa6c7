package io.storyreel.app.bench.generation;

import io.storyreel.core.chat.ChatKind;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.config.ConfigLoader;
import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.core.generation.DbSchedulerGenerationEngine;
import io.storyreel.core.generation.DeliveryStop;
import io.storyreel.core.generation.EngineReason;
import io.storyreel.core.generation.EngineSettings;
import io.storyreel.core.generation.GenerationEngine;
import io.storyreel.core.generation.GenerationListener;
import io.storyreel.core.keys.MasterKeyset;
import io.storyreel.core.keys.TinkKeyVault;
import io.storyreel.core.provider.Credentials;
import io.storyreel.core.provider.GenerationRequest;
import io.storyreel.core.provider.ModelSpec;
import io.storyreel.core.provider.kling.KlingProvider;
import io.storyreel.core.provider.registry.ProviderRegistry;
import io.storyreel.core.provider.ProviderTaskRef;
import io.storyreel.core.provider.TaskState;
import io.storyreel.core.provider.TaskStatus;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.storage.BlobStore;
import io.storyreel.core.storage.Database;
import io.storyreel.core.storybook.SceneRepository;
import io.storyreel.core.storybook.StorybookRepository;
import io.storyreel.core.storybook.StorybookSettings;
import io.storyreel.core.video.JavacvMerger;
import io.storyreel.core.video.MergeOptions;
import io.storyreel.core.video.MergeResult;
import io.storyreel.core.video.Merger;
import io.storyreel.core.video.VideoNatives;
import okhttp3.OkHttpClient;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The generation bench. Part one: one storybook of {@code clips} photos through Storyreel's engine (parallel clips,
 * real {@link JavacvMerger}) against the sequential baseline of the web app it replaces (create, poll until done,
 * download, then the next clip; then the same merge), both through the same {@code KlingProvider} and the same poll
 * cadence. Part two: {@code films} storybooks started at once, each paid by its own user, with a merger that only
 * copies the first clip (the merge is not what is measured there): wall time, peak heap, peak live threads.
 */
public final class GenerationBench {
    /** The upload limit a Telegram chat gives the bench's films (recorded at start, as a confirmation does). */
    private static final long UPLOAD_LIMIT = 50L << 20;
    /** What to run. {@code latency}: the simulated time from create to finished clip. */
    public record Options(Duration latency, int clips, int films, int accountSlots, Duration poll, int workerThreads,
                          Duration timeout) {
    }

    /** The figures, as printed. */
    public record Result(double latencyS, double parallelS, double sequentialS, double ratio, int concurrentFilms,
                         double concurrentWallS, long peakHeapMb, int peakThreads, int failedFilms) {
        public String json() {
            return String.format(Locale.ROOT, "{\"latency_s\":%.1f,\"parallel_s\":%.2f,\"sequential_s\":%.2f,"
                            + "\"ratio\":%.2f,\"concurrent_films\":%d,\"concurrent_wall_s\":%.2f,\"peak_heap_mb\":%d,"
                            + "\"peak_threads\":%d}", latencyS, parallelS, sequentialS, ratio, concurrentFilms,
                    concurrentWallS, peakHeapMb, peakThreads);
        }
    }

    private static final String ACCESS_KEY = "sim-kling-access-key";
    private static final String SECRET_KEY = "sim-kling-secret-key-0123456789";

    private final Options o;
    private final PrintStream out;

    public GenerationBench(Options options, PrintStream out) {
        this.o = options;
        this.out = out;
    }

    public Result run() throws Exception {
        Path dir = Files.createTempDirectory("storyreel-bench-generation-");
        try (SimulatorProcess sim = SimulatorProcess.start(1.0)) {
            // the simulator's fast timing queues a task for 0.2 s; the rest of the latency is processing
            sim.taskDuration(o.latency().minusMillis(200).isNegative() ? Duration.ZERO : o.latency().minusMillis(200));
            out.printf(Locale.ROOT, "Kling simulator (separate process) at %s, per-clip latency %.1f s, 1 s clips%n",
                    sim.klingUrl(), o.latency().toMillis() / 1000.0);
            out.printf(Locale.ROOT, "Poll cadence %d ms for both runs; %d clips in flight per user's Kling account; "
                            + "%d engine threads%n%n",
                    o.poll().toMillis(), o.accountSlots(), o.workerThreads());
            Bed bed = new Bed(dir, sim.klingUrl());
            try {
                List<byte[]> photos = BenchImages.photos(o.clips());
                // not timed: load the FFmpeg natives and warm the client, database and JIT with a one-clip film,
                // so neither timed run pays the one-off start-up costs
                VideoNatives.ensureLoaded();
                parallelFilm(bed, photos.subList(0, 1), "BENCH:warm-up");
                int warmUp = sim.creates();

                double parallel = parallelFilm(bed, photos, "BENCH:solo");
                int afterParallel = sim.creates() - warmUp;
                double sequential = sequentialFilm(bed, photos, dir);
                int afterSequential = sim.creates() - warmUp;
                check(afterParallel == o.clips() && afterSequential == 2 * o.clips(),
                        "expected " + o.clips() + " creates per run, the simulator counted " + afterParallel + " then "
                                + afterSequential);

                Concurrent c = concurrent(bed, photos);
                int creates = sim.creates() - warmUp - afterSequential;
                check(creates == o.films() * o.clips(), "expected " + o.films() * o.clips()
                        + " creates for the concurrent run, the simulator counted " + creates);
                Result r = new Result(o.latency().toMillis() / 1000.0, parallel, sequential, sequential / parallel,
                        o.films(), c.wallS, c.peakHeapMb, c.peakThreads, c.failed);
                print(r);
                return r;
            } finally {
                bed.close();
            }
        } finally {
            deleteTree(dir);
        }
    }

    // ---------------------------------------------------------------- part one

    private double parallelFilm(Bed bed, List<byte[]> photos, String payer) throws Exception {
        BenchListener listener = new BenchListener();
        DbSchedulerGenerationEngine engine = bed.engine(new JavacvMerger(), listener, "bench-" + payer.substring(6), 1);
        try {
            bed.keys(payer);
            String book = bed.storybook(payer, photos);
            long t0 = System.nanoTime();
            CountDownLatch done = listener.expect(book);
            engine.start(book, UPLOAD_LIMIT);
            await(done, "the parallel film");
            double s = (System.nanoTime() - t0) / 1e9;
            listener.throwIfFailed();
            return s;
        } finally {
            engine.stop();
        }
    }

    /** One clip after another through the same provider client, then the same merge: the web app's way. */
    private double sequentialFilm(Bed bed, List<byte[]> photos, Path dir) throws Exception {
        VideoProvider kling = bed.providers.get(KlingProvider.ID);
        Credentials creds = Credentials.of("accessKey", ACCESS_KEY, "secretKey", SECRET_KEY);
        ModelSpec spec = kling.capabilities().model(kling.capabilities().defaultModel()).orElseThrow();
        ModelSpec.Combination combo = spec.matching(null, null, null).get(0);
        List<Path> clips = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < photos.size(); i++) {
            GenerationRequest req = kling.prepare(new GenerationRequest(spec.id(), combo.mode(), combo.durationSeconds(),
                    combo.resolution(), BenchImages.prompt(i), null, photos.get(i), "image/jpeg"));
            ProviderTaskRef ref = kling.submit(creds, req, UUID.randomUUID().toString());
            TaskState s;
            while (true) {
                Thread.sleep(o.poll().toMillis());
                s = kling.poll(creds, ref);
                if (s.status() == TaskStatus.SUCCEEDED) {
                    break;
                }
                check(s.status() == TaskStatus.QUEUED || s.status() == TaskStatus.RUNNING,
                        "sequential clip " + (i + 1) + " ended " + s.status());
            }
            Path clip = dir.resolve("sequential-" + i + ".mp4");
            kling.download(creds, ref, s, clip);
            clips.add(clip);
        }
        new JavacvMerger().merge(clips, new MergeOptions(0, List.of(), null, 0.3, 2.0, List.of(), 50L << 20),
                dir.resolve("sequential-film.mp4"));
        return (System.nanoTime() - t0) / 1e9;
    }

    // ---------------------------------------------------------------- part two

    private record Concurrent(double wallS, long peakHeapMb, int peakThreads, int failed) {
    }

    private Concurrent concurrent(Bed bed, List<byte[]> photos) throws Exception {
        BenchListener listener = new BenchListener();
        DbSchedulerGenerationEngine engine = bed.engine(new FirstClipMerger(), listener, "bench-concurrent", o.films());
        try {
            List<String> books = new ArrayList<>();
            for (int i = 0; i < o.films(); i++) {
                String payer = "BENCH:" + i;
                bed.keys(payer);
                books.add(bed.storybook(payer, photos));
            }
            List<CountDownLatch> latches = books.stream().map(listener::expect).toList();
            System.gc();
            try (Sampler sampler = Sampler.start(Duration.ofMillis(20))) {
                long t0 = System.nanoTime();
                for (String b : books) {
                    engine.start(b, UPLOAD_LIMIT);
                }
                for (CountDownLatch l : latches) {
                    await(l, "the concurrent films");
                }
                double wall = (System.nanoTime() - t0) / 1e9;
                Sampler.Peaks p = sampler.peaks();
                return new Concurrent(wall, p.heapBytes() >> 20, p.threads(), listener.failures.size());
            }
        } finally {
            engine.stop();
        }
    }

    // ---------------------------------------------------------------- output

    private void print(Result r) {
        out.printf(Locale.ROOT, "%-52s %10s%n", "figure", "value");
        out.printf(Locale.ROOT, "%-52s %10.2f%n", o.clips() + "-clip storybook, Storyreel engine (s)", r.parallelS());
        out.printf(Locale.ROOT, "%-52s %10.2f%n", o.clips() + "-clip storybook, sequential baseline (s)", r.sequentialS());
        out.printf(Locale.ROOT, "%-52s %9.2fx%n", "speed-up (sequential / Storyreel)", r.ratio());
        out.printf(Locale.ROOT, "%-52s %10.2f%n", r.concurrentFilms() + " storybooks of " + o.clips() + " clips at once, wall (s)",
                r.concurrentWallS());
        out.printf(Locale.ROOT, "%-52s %10d%n", "  peak heap used (MB)", r.peakHeapMb());
        out.printf(Locale.ROOT, "%-52s %10d%n", "  peak live threads", r.peakThreads());
        if (r.failedFilms() > 0) {
            out.printf(Locale.ROOT, "%-52s %10d%n", "  films that failed", r.failedFilms());
        }
        out.println();
        out.printf(Locale.ROOT, "Aims: %d clips within L+2 s = %.1f s: %s; ratio >= 4: %s; heap < 512 MB: %s; threads < 100: %s%n",
                o.clips(), r.latencyS() + 2, r.parallelS() <= r.latencyS() + 2 ? "met" : "MISSED",
                r.ratio() >= 4 ? "met" : "MISSED", r.peakHeapMb() < 512 ? "met" : "MISSED", r.peakThreads() < 100 ? "met" : "MISSED");
        out.println("Both single-film runs include the real JavaCV merge. The concurrent run merges by copying the first "
                + "clip (no re-encode): it measures the engine, not the merger (see 'storyreel bench merge').");
        out.println("Heap and threads are this JVM's (the engine, the Kling client, the database); the simulator runs "
                + "in its own process.");
        out.println(r.json());
    }

    // ---------------------------------------------------------------- the bed: database, blobs, vault, providers

    private final class Bed implements AutoCloseable {
        final Database db;
        final BlobStore blobs;
        final TinkKeyVault vault;
        final OkHttpClient http;
        final Map<String, VideoProvider> providers;
        final StoryreelConfig config;
        final StorybookRepository storybooks;
        final SceneRepository scenes;

        Bed(Path dir, String klingUrl) {
            Map<String, String> settings = new HashMap<>();
            settings.put("data-dir", dir.toString());
            settings.put("kling.base-url", klingUrl);
            // The simulator knows one key pair, so every bench user pays with the same Kling account. The client's
            // per-account limit, and the engine's slots of that one account, are raised to let it stand in for one
            // account per user with --account-slots clips in flight each.
            settings.put("kling.max-concurrent-tasks", Integer.toString(Math.max(o.accountSlots(), o.films() * o.clips())));
            settings.put("engine.first-poll-ms", Long.toString(o.poll().toMillis()));
            settings.put("engine.max-poll-ms", Long.toString(o.poll().toMillis()));
            settings.put("engine.scheduler-polling-ms", "100");
            config = new ConfigLoader(Map.of()).load(null, settings);
            db = Database.open(config.database().url(), "", "", 10);
            blobs = new BlobStore(dir.resolve("blobs"));
            vault = new TinkKeyVault(db.dataSource(), MasterKeyset.inMemory(), Map.of(), java.util.Set.of(), Clock.systemUTC());
            http = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(15)).readTimeout(Duration.ofSeconds(60)).build();
            providers = ProviderRegistry.installed().create(config, http, Clock.systemUTC());
            storybooks = new StorybookRepository(db, Clock.systemUTC());
            scenes = new SceneRepository(db, Clock.systemUTC());
        }

        /** {@code users}: how many users' films this engine makes at once, each user with --account-slots slots. */
        DbSchedulerGenerationEngine engine(Merger merger, BenchListener listener, String name, int users) {
            EngineSettings s = EngineSettings.from(config).withWorker(name, o.workerThreads()).withLimits(1, 100_000)
                    .withAccountConcurrency(Map.of(KlingProvider.ID, o.accountSlots() * users));
            DbSchedulerGenerationEngine e = DbSchedulerGenerationEngine.create(db, blobs, providers, vault, merger,
                    Clock.systemUTC(), s);
            e.attach(listener);
            listener.answerTo(e);
            e.startWorkers();
            return e;
        }

        void keys(String payer) {
            vault.store(payer, KlingProvider.ID, Credentials.of("accessKey", ACCESS_KEY, "secretKey", SECRET_KEY));
        }

        /** A storybook as the conversation leaves it at Confirm: scenes in, payer set. */
        String storybook(String payer, List<byte[]> photos) {
            String chatId = payer.substring(payer.indexOf(':') + 1);
            var book = storybooks.create(new ChatRef(Platform.TELEGRAM, chatId, ChatKind.PRIVATE), "bench", payer, KlingProvider.ID,
                    StorybookSettings.defaults());
            List<SceneRepository.NewScene> ns = new ArrayList<>();
            for (int i = 0; i < photos.size(); i++) {
                ns.add(new SceneRepository.NewScene(blobs.put(photos.get(i)), "image/jpeg", BenchImages.WIDTH,
                        BenchImages.HEIGHT, BenchImages.prompt(i), payer, "Bench", null, null));
            }
            scenes.append(book.id(), ns, 6).orElseThrow();
            storybooks.setPayer(book.id(), payer);
            return book.id();
        }

        @Override
        public void close() {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
            db.close();
        }
    }

    /** Counts films delivered (or failed) per storybook; acknowledges every film it is handed, as a chat would. */
    private static final class BenchListener implements GenerationListener {
        final Map<String, CountDownLatch> latches = new ConcurrentHashMap<>();
        final Map<String, String> failures = new ConcurrentHashMap<>();
        private volatile GenerationEngine engine;

        void answerTo(GenerationEngine e) {
            this.engine = e;
        }

        CountDownLatch expect(String book) {
            return latches.computeIfAbsent(book, b -> new CountDownLatch(1));
        }

        void throwIfFailed() {
            if (!failures.isEmpty()) {
                throw new IllegalStateException("the film failed: " + failures.values());
            }
        }

        @Override
        public void onProgress(Progress progress) {
            // the bench watches the end only
        }

        @Override
        public void onPaused(String storybookId, int position, EngineReason reason) {
            failures.put(storybookId, "paused at clip " + position + ": " + reason);
            expect(storybookId).countDown();
        }

        @Override
        public void deliverFilm(String storybookId, String filmId, Path mp4, FilmSummary summary) {
            if (engine.filmSending(filmId)) {
                engine.filmDelivered(filmId);
                expect(storybookId).countDown();
            }
        }

        @Override
        public void onDeliveryStopped(String storybookId, String filmId, DeliveryStop stop) {
            failures.put(storybookId, "not delivered: " + stop.why());
            expect(storybookId).countDown();
        }

        @Override
        public void onFailed(String storybookId, EngineReason reason) {
            failures.put(storybookId, String.valueOf(reason));
            expect(storybookId).countDown();
        }
    }

    /** The concurrency part's merger: the first clip is the film. */
    private static final class FirstClipMerger implements Merger {
        @Override
        public List<io.storyreel.core.video.ClipInfo> probe(List<Path> clips) {
            return List.of();
        }

        @Override
        public MergeResult merge(List<Path> clips, MergeOptions options, Path target) {
            try {
                Files.copy(clips.get(0), target, StandardCopyOption.REPLACE_EXISTING);
                return new MergeResult(target, "copy", 1.0, Files.size(target), 0, 0);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private void await(CountDownLatch l, String what) throws InterruptedException {
        if (!l.await(o.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("gave up waiting for " + what + " after " + o.timeout().toSeconds() + " s");
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind
        }
    }

    /** Samples heap used and live threads; the JVM's own peak-thread counter is reset at the start. */
    static final class Sampler implements AutoCloseable {
        record Peaks(long heapBytes, int threads) {
        }

        private final Thread thread;
        private volatile boolean running = true;
        private volatile long peakHeap;

        private Sampler(Duration every) {
            var mem = ManagementFactory.getMemoryMXBean();
            ManagementFactory.getThreadMXBean().resetPeakThreadCount();
            thread = new Thread(() -> {
                while (running) {
                    peakHeap = Math.max(peakHeap, mem.getHeapMemoryUsage().getUsed());
                    try {
                        Thread.sleep(every.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        static Sampler start(Duration every) {
            return new Sampler(every);
        }

        Peaks peaks() {
            return new Peaks(Math.max(peakHeap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()),
                    ManagementFactory.getThreadMXBean().getPeakThreadCount());
        }

        @Override
        public void close() {
            running = false;
            thread.interrupt();
        }
    }
}
