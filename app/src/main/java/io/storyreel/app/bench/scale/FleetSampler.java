package io.storyreel.app.bench.scale;

import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples every bot process once a second through its {@code /metrics} (heap in use, live threads, the pool's
 * connections) and PostgreSQL's {@code pg_stat_activity}, keeping the peaks; and each process's CPU time over the run.
 */
final class FleetSampler implements AutoCloseable {
    /** The peaks of one process. */
    static final class Peak {
        volatile double heapBytes;
        volatile double threads;
        volatile double poolConnections;
    }

    private final Map<String, Peak> peaks = new LinkedHashMap<>();
    private final List<BotChild> bots;
    private final DataSource postgres;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-sampler");
        t.setDaemon(true);
        return t;
    });
    private volatile int dbConnections;
    /** The names of the CPU figures that are not bot processes. */
    static final String POSTGRES = "postgresql";
    static final String BENCH = "bench";
    private final Map<String, Duration> cpuAtStart = new LinkedHashMap<>();
    private final Map<String, Duration> cpuUsed = new LinkedHashMap<>();
    private final Map<String, Duration> cpuAtMark = new LinkedHashMap<>();
    private final Map<String, Duration> cpuSinceMark = new LinkedHashMap<>();

    private final int postgresPort;

    FleetSampler(List<BotChild> bots, DataSource postgres, int postgresPort) {
        this.bots = bots;
        this.postgres = postgres;
        this.postgresPort = postgresPort;
        bots.forEach(b -> peaks.put(b.name(), new Peak()));
        cpuAtStart.putAll(cpuNow());
        timer.scheduleWithFixedDelay(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    private void sample() {
        for (BotChild b : bots) {
            try {
                String text = http.send(HttpRequest.newBuilder(URI.create(b.metricsUrl())).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.ofString()).body();
                Peak p = peaks.get(b.name());
                p.heapBytes = Math.max(p.heapBytes, sum(text, "jvm_memory_used_bytes", "area=\"heap\""));
                p.threads = Math.max(p.threads, sum(text, "jvm_threads_live_threads", ""));
                p.poolConnections = Math.max(p.poolConnections, sum(text, "hikaricp_connections", ""));
            } catch (Exception e) {
                // a process between samples (starting, draining): the next sample counts
            }
        }
        try (Connection c = postgres.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE backend_type = 'client backend'")) {
            if (rs.next()) {
                dbConnections = Math.max(dbConnections, rs.getInt(1));
            }
        } catch (Exception e) {
            // PostgreSQL busy: the next sample counts
        }
    }

    /** The sum of the series {@code name} whose labels contain {@code label} (every series when empty). */
    static double sum(String scrape, String name, String label) {
        double total = 0;
        for (String line : scrape.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                int space = line.lastIndexOf(' ');
                String labels = line.substring(name.length(), space);
                if (label.isEmpty() || labels.contains(label)) {
                    try {
                        double v = Double.parseDouble(line.substring(space + 1));
                        total += Double.isNaN(v) ? 0 : v;
                    } catch (NumberFormatException ignored) {
                        // not a sample line
                    }
                }
            }
        }
        return total;
    }

    Map<String, Peak> peaks() {
        return peaks;
    }

    int dbConnections() {
        return dbConnections;
    }

    /** PostgreSQL's server and its backends (the pools' connections stay open, so they hold the CPU they used). */
    private Duration postgresCpu() {
        String port = "-p " + postgresPort + " ";
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains("postgres")
                        && c.contains(port)).orElse(false)).findFirst()
                .map(pm -> java.util.stream.Stream.concat(java.util.stream.Stream.of(pm), pm.descendants())
                        .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO)).reduce(Duration.ZERO, Duration::plus))
                .orElse(Duration.ZERO);
    }

    /** This process: the simulators, the fake Telegram, the simulated users and this sampler. */
    private static Duration benchCpu() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? Duration.ofNanos(os.getProcessCpuTime())
                : Duration.ZERO;
    }

    /**
     * Each bot process's CPU time between the start of sampling (it was up and idle) and {@link #close()}, then
     * PostgreSQL's ({@link #POSTGRES}) and this bench's own ({@link #BENCH}).
     */
    Map<String, Duration> cpuUsed() {
        return cpuUsed;
    }

    /** Notes every CPU figure now (the last Confirm was pressed): {@link #cpuSinceMark()} counts from here. */
    void mark() {
        cpuAtMark.putAll(cpuNow());
    }

    /** Each CPU figure between {@link #mark()} and {@link #close()}: what the films cost once confirmed. */
    Map<String, Duration> cpuSinceMark() {
        return cpuSinceMark;
    }

    private Map<String, Duration> cpuNow() {
        Map<String, Duration> now = new LinkedHashMap<>();
        bots.forEach(b -> now.put(b.name(), b.cpu()));
        now.put(POSTGRES, postgresCpu());
        now.put(BENCH, benchCpu());
        return now;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        sample();
        if (cpuUsed.isEmpty()) {
            cpuNow().forEach((k, v) -> {
                cpuUsed.put(k, v.minus(cpuAtStart.get(k)));
                cpuSinceMark.put(k, v.minus(cpuAtMark.getOrDefault(k, v)));
            });
        }
    }
}
