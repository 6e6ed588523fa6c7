package io.storyreel.app.engine;

import io.storyreel.app.CommandRun;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code storyreel bench polling} through the command line: the table, then the JSON line with the six figures the
 * issue names; on the default schedules the adaptive one notices clips within 3 s on average with no more polls per
 * clip than the fixed one (the clip times are seeded, so the figures are the same on every run).
 */
class BenchPollingCommandTest {
    @Test
    void adaptivePollingNoticesSoonerWithNoMorePolls() {
        CommandRun r = CommandRun.run("bench", "polling", "--clips", "400");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().strip().lines().toList();
        String json = lines.get(lines.size() - 1);
        assertThat(r.out()).contains("Kling-like 60-300 s", "Hailuo-Fast-like 20-50 s", "mean delay s", "polls/clip");
        double fixedMean = number(json, "fixed_mean_delay_s");
        double adaptiveMean = number(json, "adaptive_mean_delay_s");
        assertThat(number(json, "fixed_p95_delay_s")).isGreaterThanOrEqualTo(fixedMean);
        assertThat(number(json, "adaptive_p95_delay_s")).isGreaterThanOrEqualTo(adaptiveMean);
        assertThat(fixedMean).as("the fixed schedule's mean delay").isGreaterThan(4);
        assertThat(adaptiveMean).as(r.out()).isLessThanOrEqualTo(3.0);
        assertThat(number(json, "adaptive_polls_per_clip")).as(r.out())
                .isLessThanOrEqualTo(number(json, "fixed_polls_per_clip"));
    }

    @Test
    void theFixedScheduleAloneIsWhatTheFixedRowsShow() {
        // with the adaptive limits equal to the fixed schedule's end (15 s apart at most and at least), both agree late
        CommandRun r = CommandRun.run("bench", "polling", "--clips", "50", "--tick-ms", "0");
        assertThat(r.code()).as(r.err()).isZero();
        String json = r.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        // fixed polls at 5, 10, 16.25, 24.06, 33.83, 46.04, 61.3, then every 15 s: a clip is noticed within 15 s
        assertThat(number(json, "fixed_p95_delay_s")).isLessThanOrEqualTo(15.0);
    }

    @Test
    void badFiguresAreRefusedWithOneLine() {
        CommandRun.run("bench", "polling", "--clips", "0").refused("storyreel: --clips must be 1 to 1000000");
    }

    private static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":([0-9.]+)").matcher(json);
        assertThat(m.find()).as("%s in %s", key, json).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
