package io.storyreel.app;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code storyreel bench photos} end to end at toy size: both films are made through the demo's machinery (a film
 * that fails ends the bench with exit 1), and the last line is the JSON the issue asks for, with figures that make
 * sense. Whether 49 MP photos stay under the aim is the full-size bench's business, not a unit test's.
 */
class BenchPhotosCommandTest {
    @Test
    void printsATableAndTheJsonLineOnATinyRun() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = Main.execute("bench", "photos", "--size", "1500", "--small-size", "400", "--photos", "2",
                    "--clip-seconds", "0.5");
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(code).as(out).isZero();
        List<String> lines = out.lines().toList();
        String json = lines.get(lines.size() - 1);
        assertThat(json).startsWith("{").endsWith("}");
        long large = number(json, "large_peak_heap_mb");
        long small = number(json, "small_peak_heap_mb");
        assertThat(small).isPositive();
        assertThat(large).isPositive();
        assertThat(large / (double) small).as("large/small").isBetween(0.3, 5.0);
        assertThat(json).contains("\"photos\":2", "\"large_megapixels\":2.3", "\"small_megapixels\":0.2");
        assertThat(out).contains("small film done", "large film done", "peak heap (MB)");
        assertThat(json).contains("\"large_live_heap_mb\":", "\"small_live_heap_mb\":");
    }

    @Test
    void sizesOutsideWhatTheBotAcceptsAreRefusedWithOneLine() {
        assertThat(Main.execute("bench", "photos", "--megapixels", "60")).isEqualTo(Main.EXIT_USAGE);
        assertThat(Main.execute("bench", "photos", "--photos", "7")).isEqualTo(Main.EXIT_USAGE);
    }

    private static long number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(\\d+)").matcher(json);
        assertThat(m.find()).as("%s in %s", key, json).isTrue();
        return Long.parseLong(m.group(1));
    }
}
