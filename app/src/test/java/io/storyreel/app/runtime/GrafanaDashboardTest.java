package io.storyreel.app.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.metrics.StoryreelMetrics;
import io.storyreel.core.storage.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample Grafana dashboard (config/grafana-storyreel.json) asks only for series the bot really exports: every
 * metric name in its queries is in a Prometheus scrape of a registry the facade has recorded one of each event into,
 * with the JVM binders and HikariCP's tracker on a real database.
 */
class GrafanaDashboardTest {
    private static final Pattern METRIC = Pattern.compile("\\b((?:storyreel|jvm|hikaricp|process)_[a-z_]+)\\b");

    @TempDir
    Path dir;

    @Test
    void everySeriesTheDashboardQueriesIsExported() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("..", "config", "grafana-storyreel.json").toFile());
        Set<String> asked = new TreeSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                Matcher m = METRIC.matcher(target.get("expr").asText());
                while (m.find()) {
                    asked.add(m.group(1));
                }
            }
        }
        assertThat(asked).hasSizeGreaterThan(15);

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Database db = Database.open(Database.h2Url(dir), "", "", 2)) {
            StoryreelMetrics m = new StoryreelMetrics(registry).bindJvm().watch(db, Duration.ZERO);
            m.clipFinished("kling", "kling-v2-1", "downloaded", Duration.ofSeconds(2), Duration.ofSeconds(30));
            m.providerError("kling", "TRANSIENT");
            m.paidCreate("kling", 0.14);
            m.merged("copy", Duration.ofMillis(300));
            m.delivered(Platform.TELEGRAM, 1_000_000);
            m.chatCall(Platform.TELEGRAM, 429);
            try (var c = db.dataSource().getConnection()) {
                c.isValid(1); // one borrow, so the pool's timers have a sample
            }
            String scrape = registry.scrape();
            for (String name : asked) {
                assertThat(scrape).as("the dashboard's series " + name).containsPattern("(?m)^" + name + "[{ ]");
            }
        }
    }
}
