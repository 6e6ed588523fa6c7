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
 * connections) and PostgreSQL's {@code pg_stat_activity}, keeping the peaks.
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

    FleetSampler(List<BotChild> bots, DataSource postgres) {
        this.bots = bots;
        this.postgres = postgres;
        bots.forEach(b -> peaks.put(b.name(), new Peak()));
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

    @Override
    public void close() {
        timer.shutdownNow();
        sample();
    }
}
