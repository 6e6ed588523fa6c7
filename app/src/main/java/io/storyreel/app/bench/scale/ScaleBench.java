package io.storyreel.app.bench.scale;

import io.storyreel.app.demo.SamplePhotos;
import io.storyreel.sim.kling.KlingSimulator;
import io.storyreel.sim.taskapi.SimSettings;
import io.storyreel.sim.telegram.FakeTelegramServer;
import io.storyreel.sim.telegram.RequestJournal;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The scale-out deployment under load: an embedded PostgreSQL, the Kling simulator and the fake Telegram in this JVM,
 * one chat process and {@code workers} worker processes; {@code films} users each order a film of {@code clips}
 * clips at once. Measures films per minute, the time from Confirm to the film in the chat minus the simulated clip
 * time (the bot's own overhead: polls, downloads, merge, upload, queueing), each process's peak heap and threads,
 * and PostgreSQL's peak connections. Prints a table, then one JSON line.
 */
public final class ScaleBench {
    /**
     * The bench's knobs; {@code latency} is one clip's simulated generation time (queue and processing). Each user
     * types their own Kling keys (a community's members bring their own accounts) unless {@code sharedKeys}: then every
     * film is paid from one account, whose {@code max-concurrent-tasks} (5) bounds how many clips run at once.
     */
    public record Options(int films, int clips, Duration latency, int workers, int heapMb, Duration timeout,
                          Path logs, boolean sharedKeys) {
    }

    /** What the JSON line reports. */
    public record Result(int films, int delivered, double filmsPerMinute, double p50OverheadS, double p95OverheadS,
                         double maxHeapMb, int maxThreads, int paidCreates, int clips, int dbConnections) {
        public String json() {
            return String.format(Locale.ROOT, "{\"films\":%d,\"delivered\":%d,\"films_per_min\":%.1f,"
                            + "\"p50_overhead_s\":%.2f,\"p95_overhead_s\":%.2f,\"max_heap_mb\":%.0f,\"max_threads\":%d,"
                            + "\"paid_creates\":%d,\"clips\":%d,\"db_connections\":%d}", films, delivered, filmsPerMinute,
                    p50OverheadS, p95OverheadS, maxHeapMb, maxThreads, paidCreates, clips, dbConnections);
        }
    }

    /** One user's Kling account, as typed into /setkeys. */
    private record KlingKeys(String access, String secret) {
    }

    private static final Duration STEP = Duration.ofSeconds(120);
    private static final int DRIVER_THREADS = 48;

    private final Options o;
    private final PrintStream out;

    public ScaleBench(Options options, PrintStream out) {
        this.o = options;
        this.out = out;
    }

    public Result run() throws Exception {
        Path data = Files.createTempDirectory("storyreel-bench-scale-");
        Files.createDirectories(o.logs());
        List<BotChild> bots = new ArrayList<>();
        out.printf(Locale.ROOT, "bench scale: %d film(s) of %d clip(s), %.1f s per clip, 1 chat + %d worker process(es), "
                        + "%s; logs in %s%n", o.films(), o.clips(), o.latency().toMillis() / 1000.0, o.workers(),
                o.sharedKeys() ? "one Kling account for all" : "each user's own Kling keys", o.logs());
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             KlingSimulator kling = KlingSimulator.start(SimSettings.fast()
                     .withTimes(Duration.ofMillis(200), o.latency().minusMillis(200)).withClipSeconds(1.0));
             FakeTelegramServer telegram = FakeTelegramServer.start(FakeTelegramServer.Settings.defaults()
                     .withAlbumGap(Duration.ofMillis(60)))) {
            Map<String, String> env = env(pg, telegram);
            String[] args = {"--data-dir", data.toString(), "--telegram-api-url", telegram.baseUrl(),
                    "--kling-base-url", kling.baseUrl()};
            bots.add(BotChild.start("chat", "chat", env, o.heapMb(), o.logs(), args)); // first: it migrates
            List<Future<BotChild>> starting = new ArrayList<>();
            ExecutorService starter = Executors.newFixedThreadPool(Math.max(1, o.workers()));
            for (int w = 1; w <= o.workers(); w++) {
                String name = "worker-" + w;
                starting.add(starter.submit(() -> BotChild.start(name, "worker", env, o.heapMb(), o.logs(), args)));
            }
            for (Future<BotChild> f : starting) {
                bots.add(f.get());
            }
            starter.shutdown();
            try (FleetSampler sampler = new FleetSampler(bots, pg.getPostgresDatabase(), pg.getPort())) {
                List<ScaleUser> users = orderAll(telegram, kling);
                sampler.mark();
                awaitFilms(users, telegram);
                sampler.close();
                return report(users, kling, sampler, stages(users, pg.getPostgresDatabase()));
            } finally {
                for (BotChild b : bots) {
                    b.close();
                }
            }
        } finally {
            try (Stream<Path> s = Files.walk(data)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp folder
            }
        }
    }

    /**
     * The simulators' pace, as the demo sets it: a simulated clip takes seconds where a real one takes minutes, so the
     * scheduler looks every 200 ms and each clip is polled every second from a second after its submit (the fixed
     * schedule; the adaptive one starts from real providers' minutes-long clip times, and {@code max-poll-ms} also caps
     * each provider's own {@code min-poll-ms}). A real installation keeps each provider's cadence.
     */
    private Map<String, String> env(EmbeddedPostgres pg, FakeTelegramServer telegram) {
        Map<String, String> env = new HashMap<>();
        env.put("STORYREEL_TELEGRAM_TOKEN", telegram.token());
        env.put("STORYREEL_DATABASE_URL", pg.getJdbcUrl("postgres", "postgres"));
        env.put("STORYREEL_DATABASE_USER", "postgres");
        env.put("STORYREEL_OPS_PORT", "0");
        env.put("STORYREEL_ENGINE_SCHEDULER_POLLING_MS", "200");
        env.put("STORYREEL_ENGINE_FIRST_POLL_MS", Long.toString(Math.min(o.latency().toMillis(), 1000)));
        env.put("STORYREEL_ENGINE_MAX_POLL_MS", "1000");
        env.put("STORYREEL_ENGINE_POLL_SCHEDULE", "fixed");
        env.put("STORYREEL_LIMITS_MAX_SCENES", "6");
        return env;
    }

    private List<ScaleUser> orderAll(FakeTelegramServer telegram, KlingSimulator kling) throws Exception {
        List<SamplePhotos.Sample> samples = SamplePhotos.all();
        List<byte[]> photos = new ArrayList<>();
        for (int i = 0; i < o.clips(); i++) {
            photos.add(samples.get(i % samples.size()).jpeg());
        }
        List<ScaleUser> users = new ArrayList<>();
        for (int i = 0; i < o.films(); i++) {
            users.add(new ScaleUser(telegram, 100_000 + i));
        }
        List<KlingKeys> keys = new ArrayList<>();
        for (int i = 0; i < o.films(); i++) {
            if (o.sharedKeys()) {
                keys.add(new KlingKeys(kling.accessKey(), kling.secretKey()));
            } else {
                KlingKeys own = new KlingKeys("bench-kling-access-" + i, "bench-kling-secret-" + i + "-0123456789");
                kling.addAccount(own.access(), own.secret());
                keys.add(own);
            }
        }
        ExecutorService driver = Executors.newFixedThreadPool(Math.min(DRIVER_THREADS, o.films()));
        try {
            List<Future<?>> orders = new ArrayList<>();
            for (int i = 0; i < users.size(); i++) {
                ScaleUser u = users.get(i);
                KlingKeys k = keys.get(i);
                orders.add(driver.submit(() -> u.order(photos, k.access(), k.secret(), STEP)));
            }
            for (Future<?> f : orders) {
                f.get(o.timeout().toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            driver.shutdownNow();
        }
        return users;
    }

    /**
     * Waits until every film is in its chat (one look at every waiting chat ten times a second), then takes each film's
     * arrival from the fake Telegram's journal: the moment it took the video, however late the watcher looked.
     */
    private void awaitFilms(List<ScaleUser> users, FakeTelegramServer telegram) throws InterruptedException {
        long deadline = System.nanoTime() + o.timeout().toNanos();
        List<ScaleUser> waiting = new ArrayList<>(users);
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
            waiting.removeIf(ScaleUser::checkDelivered);
            if (!waiting.isEmpty()) {
                Thread.sleep(100);
            }
        }
        Map<Long, Long> firstFilm = new HashMap<>();
        for (RequestJournal.Call c : telegram.journal().calls()) {
            if (c.chatId() != null && c.status() == 200
                    && (c.method().equals("sendvideo") || c.method().equals("senddocument"))) {
                firstFilm.merge(c.chatId(), c.at().toEpochMilli(), Math::min);
            }
        }
        users.forEach(u -> u.deliveredAt(firstFilm.getOrDefault(u.chatNumber(), 0L)));
    }

    private FilmStages stages(List<ScaleUser> users, javax.sql.DataSource db) {
        Map<String, Long> confirmed = new HashMap<>();
        Map<String, Long> seen = new HashMap<>();
        users.forEach(u -> confirmed.put(u.chatId(), u.confirmedMillis()));
        users.forEach(u -> seen.put(u.chatId(), u.deliveredMillis()));
        return FilmStages.read(db, confirmed, seen, o.latency().toMillis() / 1000.0);
    }

    private Result report(List<ScaleUser> users, KlingSimulator kling, FleetSampler sampler, FilmStages stages) {
        List<ScaleUser> done = users.stream().filter(ScaleUser::delivered).toList();
        double latencyS = o.latency().toMillis() / 1000.0;
        List<Double> overheads = done.stream()
                .map(u -> (u.deliveredMillis() - u.confirmedMillis()) / 1e3 - latencyS).sorted().toList();
        long first = users.stream().mapToLong(ScaleUser::confirmedMillis).filter(t -> t > 0).min().orElse(0);
        long last = done.stream().mapToLong(ScaleUser::deliveredMillis).max().orElse(first);
        double minutes = Math.max(1e-9, (last - first) / 60e3);
        double maxHeap = 0;
        double maxThreads = 0;
        out.println();
        out.printf(Locale.ROOT, "%-10s %14s %14s %18s %10s%n", "process", "peak heap MB", "peak threads",
                "peak pool conns", "CPU s");
        for (var e : sampler.peaks().entrySet()) {
            FleetSampler.Peak p = e.getValue();
            maxHeap = Math.max(maxHeap, p.heapBytes / (1024 * 1024));
            maxThreads = Math.max(maxThreads, p.threads);
            double s = sampler.cpuUsed().getOrDefault(e.getKey(), Duration.ZERO).toMillis() / 1000.0;
            out.printf(Locale.ROOT, "%-10s %14.0f %14.0f %18.0f %10.1f%n", e.getKey(), p.heapBytes / (1024 * 1024),
                    p.threads, p.poolConnections, s);
        }
        Result r = new Result(o.films(), done.size(), done.size() / minutes, percentile(overheads, 0.50),
                percentile(overheads, 0.95), maxHeap, (int) maxThreads, kling.journal().creates(), o.films() * o.clips(),
                sampler.dbConnections());
        out.println();
        out.printf(Locale.ROOT, "films delivered          %d of %d%n", r.delivered(), r.films());
        out.printf(Locale.ROOT, "films per minute         %.1f%n", r.filmsPerMinute());
        out.printf(Locale.ROOT, "overhead p50 / p95 (s)   %.2f / %.2f   (Confirm to film, minus %.1f s of clip time)%n",
                r.p50OverheadS(), r.p95OverheadS(), latencyS);
        out.println("where the time went, per film (s):");
        stages.print(out);
        out.printf(Locale.ROOT, "CPU per film (s)         %s; from the first order to the last film%n",
                cpuLine(sampler.cpuUsed(), r.films()));
        out.printf(Locale.ROOT, "  after the last Confirm  %s%n", cpuLine(sampler.cpuSinceMark(), r.films()));
        out.printf(Locale.ROOT, "machine                  load average %.1f on %d cores at the end%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        out.printf(Locale.ROOT, "paid creates / clips     %d / %d%n", r.paidCreates(), r.clips());
        out.printf(Locale.ROOT, "PostgreSQL connections   %d at most%n", r.dbConnections());
        out.printf(Locale.ROOT, "aims: every film delivered %s; heap < 512 MB %s; threads < 100 %s; p95 < 5 s %s%n",
                yes(r.delivered() == r.films()), yes(r.maxHeapMb() < 512), yes(r.maxThreads() < 100),
                yes(r.p95OverheadS() < 5));
        out.println(r.json());
        return r;
    }

    /** The bot processes' CPU seconds per film, then PostgreSQL's and this bench's. */
    private static String cpuLine(Map<String, Duration> cpu, int films) {
        double pg = cpu.getOrDefault(FleetSampler.POSTGRES, Duration.ZERO).toMillis() / 1000.0;
        double bench = cpu.getOrDefault(FleetSampler.BENCH, Duration.ZERO).toMillis() / 1000.0;
        double total = cpu.values().stream().mapToLong(Duration::toMillis).sum() / 1000.0;
        double n = Math.max(1, films);
        return String.format(Locale.ROOT, "bot processes %.2f, PostgreSQL %.2f, this bench (simulators, fake Telegram, "
                + "users) %.2f", (total - pg - bench) / n, pg / n, bench / n);
    }

    private static String yes(boolean met) {
        return met ? "met" : "MISSED";
    }

    static double percentile(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
