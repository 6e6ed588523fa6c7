package io.storyreel.core.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.storyreel.core.storage.Database;
import io.storyreel.core.testing.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class OpsSummaryTest {
    private static final Instant NOW = Instant.parse("2026-12-10T15:00:00Z");

    @TempDir
    Path dir;
    Database db;

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void runningFilmsQueuesRecentFailuresAndTodaysSpendComeFromTheDatabase() throws Exception {
        db = Database.open(Database.h2Url(dir), "", "", 4);
        OpsRows rows = new OpsRows(db.dataSource());
        long now = NOW.toEpochMilli();
        long min = 60_000;
        rows.book("b-generating", "GENERATING", "kling", now - 5 * min, now);
        rows.clip("c1", "b-generating", 1, "kling", "DOWNLOADED", "t1", 0.14, null, now - 4 * min, now);
        rows.clip("c2", "b-generating", 2, "kling", "RUNNING", "t2", 0.14, null, now - 4 * min, now);
        rows.clip("c3", "b-generating", 3, "kling", "PENDING", null, 0.14, null, now - 4 * min, now);
        rows.book("b-merging", "MERGING", "minimax", now - 2 * min, now);
        rows.clip("c4", "b-merging", 1, "minimax", "DOWNLOADED", "t4", 0.27, null, now - 90 * min, now);
        rows.book("b-done", "DONE", "kling", now - 30 * 60 * min, now - 29 * 60 * min);
        // paid yesterday: not today's spend
        rows.clip("c5", "b-done", 1, "kling", "DOWNLOADED", "t5", 5.0, null, now - 24 * 60 * min, now - 24 * 60 * min);
        rows.book("b-failed", "FAILED", "kling", now - 40 * min, now - 30 * min);
        rows.clip("c6", "b-failed", 1, "kling", "FAILED", null, 0.14, "AUTH", now - 40 * min, now - 30 * min);
        // failed two hours ago: not in the last hour
        rows.clip("c7", "b-failed", 2, "kling", "FAILED", "t7", 0.14, "TIMEOUT", now - 150 * min, now - 120 * min);
        rows.clip("c8", "b-failed", 3, "kling", "FAILED", null, 0.14, "AMBIGUOUS_SUBMIT", now - 35 * min, now - 35 * min);

        OpsReport r = new OpsSummary(db.dataSource(), SettableClock.at(NOW)).read();

        assertThat(r.runningTotal()).isEqualTo(2);
        assertThat(r.running()).extracting(OpsReport.RunningFilm::storybookId).containsExactly("b-generating", "b-merging");
        assertThat(r.running().get(0).clipsDone()).isEqualTo(1);
        assertThat(r.running().get(0).clips()).isEqualTo(3);
        assertThat(r.running().get(0).age()).isEqualTo(Duration.ofMinutes(5));
        assertThat(r.queues()).containsExactly(new OpsReport.Queue("kling", 1, 1, 1), new OpsReport.Queue("minimax", 0, 0, 1));
        assertThat(r.failures()).containsExactly(new OpsReport.Failure("kling", "clip", "AMBIGUOUS_SUBMIT", 1),
                new OpsReport.Failure("kling", "clip", "AUTH", 1), new OpsReport.Failure("kling", "film", "FAILED", 1));
        // today: t1, t2, t7 (failed later, still paid) and the ambiguous c8 (kling, 4 x 0.14); t4 (minimax, 0.27);
        // not c5 (paid yesterday), not c6 (refused before any task existed)
        assertThat(r.spend()).hasSize(2);
        assertThat(r.spend().get(0).provider()).isEqualTo("kling");
        assertThat(r.spend().get(0).paidCreates()).isEqualTo(4);
        assertThat(r.spend().get(0).estimatedUsd()).isCloseTo(0.56, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.spendTodayUsd()).isCloseTo(0.83, org.assertj.core.data.Offset.offset(1e-9));

        assertThat(r.text()).contains("Films running: 2", "b-genera", "1/3 clips", "kling    1 / 1 / 1",
                "Failures in the last hour: 3", "Spend today (UTC, estimated): $0.83").hasLineCount(18);
        JsonNode j = new ObjectMapper().readTree(r.json());
        assertThat(j.get("running_films").asInt()).isEqualTo(2);
        assertThat(j.at("/queues/kling/waiting").asInt()).isEqualTo(1);
        assertThat(j.get("failures_last_hour").asInt()).isEqualTo(3);
        assertThat(j.get("spend_today_usd").asDouble()).isEqualTo(0.83);
        assertThat(r.json()).doesNotContain("\n");
    }

    @Test
    void anEmptyInstallationReadsAsQuiet() {
        db = Database.open(Database.h2Url(dir), "", "", 2);
        OpsReport r = new OpsSummary(db.dataSource(), SettableClock.at(NOW)).read();
        assertThat(r.runningTotal()).isZero();
        assertThat(r.text()).contains("Films running: 0", "  empty", "Failures in the last hour: 0", "$0.00");
    }
}
