package io.storyreel.app.engine;

import io.storyreel.app.Main;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code storyreel bench generation} end to end at toy size: the simulator child process starts, both single-film
 * runs and the concurrent run finish with the simulator counting one create per clip (the bench checks that and
 * fails otherwise), and the last line is the JSON the issue asks for. No figure is asserted: speed is for the bench.
 */
class BenchGenerationCommandTest {
    @Test
    void printsATableAndTheJsonLineOnATinyRun() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = Main.execute("bench", "generation", "--latency-s", "0.5", "--clips", "2", "--films", "3",
                    "--poll-ms", "200", "--timeout-s", "60");
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(code).as(out).isZero();
        List<String> lines = out.lines().toList();
        String json = lines.get(lines.size() - 1);
        assertThat(json).startsWith("{").endsWith("}");
        for (String key : List.of("latency_s", "parallel_s", "sequential_s", "ratio", "concurrent_films",
                "concurrent_wall_s", "peak_heap_mb", "peak_threads")) {
            assertThat(json).contains("\"" + key + "\":");
        }
        assertThat(json).contains("\"concurrent_films\":3");
        assertThat(out).contains("2-clip storybook, sequential baseline (s)").contains("peak live threads");
    }
}
