package io.storyreel.app.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.storyreel.app.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code storyreel bench scale} end to end at toy size: a chat process and two workers on an embedded PostgreSQL,
 * three users ordering a film each through the fake Telegram; every film arrives, the simulator counted one paid
 * create per clip, the processes were sampled through their ops endpoints, and the last line is the JSON the issue
 * asks for. No speed is asserted: figures are for the bench.
 */
class BenchScaleCommandTest {
    @TempDir
    Path logs;

    @Test
    void threeFilmsOnAChatAndTwoWorkerProcesses() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = Main.execute("bench", "scale", "--films", "3", "--clips", "2", "--latency-s", "1", "--workers", "2",
                    "--heap-mb", "256", "--timeout-s", "240", "--logs", logs.toString());
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(code).as(out).isZero();
        List<String> lines = out.lines().toList();
        JsonNode json = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        for (String key : List.of("films", "delivered", "films_per_min", "p50_overhead_s", "p95_overhead_s",
                "max_heap_mb", "max_threads", "paid_creates", "clips")) {
            assertThat(json.has(key)).as(key + " in " + json).isTrue();
        }
        assertThat(json.get("films").asInt()).isEqualTo(3);
        assertThat(json.get("delivered").asInt()).isEqualTo(3);
        assertThat(json.get("clips").asInt()).isEqualTo(6);
        assertThat(json.get("paid_creates").asInt()).as("one paid create per clip").isEqualTo(6);
        assertThat(json.get("max_heap_mb").asDouble()).as("sampled through /metrics").isPositive();
        assertThat(json.get("max_threads").asInt()).isPositive();
        assertThat(json.get("db_connections").asInt()).isPositive();
        assertThat(out).contains("worker-1", "worker-2", "chat", "films per minute");
        assertThat(logs.resolve("worker-1.log")).exists();
    }
}
