package io.storyreel.app.merge;

import io.storyreel.app.Main;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code storyreel bench merge} end to end at toy size (two 1-second clips): it generates its inputs, runs the copy,
 * normalise and fit paths and the pipelined case (clips normalised as they land, then merged by copy), and ends with
 * the JSON line the issue asks for. The fitted film must land under its limit.
 * Speed is not asserted (that is the bench's job); the ffmpeg CLI figures are null where the bundled CLI cannot start.
 */
class BenchMergeCommandTest {
    @Test
    void printsATableAndTheJsonLineOnATinyRun() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = Main.execute("bench", "merge", "--clips", "2", "--seconds", "1");
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(code).as(out).isZero();
        List<String> lines = out.lines().toList();
        String json = lines.get(lines.size() - 1);
        assertThat(json).startsWith("{").endsWith("}");
        for (String key : List.of("copy_s", "ffmpeg_copy_s", "normalise_s", "ffmpeg_normalise_s", "fit_s",
                "fit_ratio", "peak_rss_mb", "pipelined_s", "end_normalise_s")) {
            assertThat(json).contains("\"" + key + "\":");
        }
        assertThat(number(json, "copy_s")).isPositive();
        assertThat(number(json, "normalise_s")).isPositive();
        assertThat(number(json, "fit_ratio")).isBetween(0.5, 1.0);
        assertThat(number(json, "peak_rss_mb")).isPositive();
        assertThat(number(json, "pipelined_s")).isPositive();
        assertThat(number(json, "end_normalise_s")).isPositive();
        // the last clip's normalisation is an x264 encode: it takes CPU, more than the copy merge after it
        assertThat(number(json, "pipelined_normalise_cpu_s")).isPositive()
                .isGreaterThan(number(json, "pipelined_merge_cpu_s"));
        assertThat(out).contains("JavaCV copy (video copy + AAC splice)").contains("JavaCV normalise")
                .contains("JavaCV fit to").contains("JavaCV normalise all at the end")
                // the clips normalised as they landed are merged by copy
                .contains("JavaCV pipelined: last clip normalised + copy merge");
    }

    private static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":([0-9.]+)").matcher(json);
        assertThat(m.find()).as("%s in %s", key, json).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
