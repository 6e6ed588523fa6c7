package io.storyreel.core.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.ops.OpsRows;
import io.storyreel.core.storage.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class StoryreelMetricsTest {
    @TempDir
    Path dir;

    @Test
    void eventsBecomeCountersTimersAndSummariesWithTheirTags() {
        SimpleMeterRegistry reg = new SimpleMeterRegistry();
        StoryreelMetrics m = new StoryreelMetrics(reg);
        m.paidCreate("kling", 0.14);
        m.paidCreate("kling", 0.14);
        m.providerError("minimax", "RATE_LIMITED");
        m.clipFinished("kling", "kling-v2-1", "downloaded", Duration.ofSeconds(3), Duration.ofSeconds(40));
        m.clipFinished("kling", "kling-v2-1", "failed", null, Duration.ofSeconds(2));
        m.merged("copy", Duration.ofMillis(800));
        m.delivered(Platform.TELEGRAM, 3_000_000);
        m.chatCall(Platform.TELEGRAM, 200);
        m.chatCall(Platform.TELEGRAM, 429);
        m.chatCall(Platform.DISCORD, 413);

        assertThat(reg.get("storyreel.provider.paid.creates").tag("provider", "kling").counter().count()).isEqualTo(2);
        assertThat(reg.get("storyreel.spend.estimated.usd").tag("provider", "kling").counter().count()).isEqualTo(0.28);
        assertThat(reg.get("storyreel.provider.errors").tags("provider", "minimax", "kind", "rate_limited").counter().count())
                .isEqualTo(1);
        assertThat(reg.get("storyreel.clip.latency").tags("provider", "kling", "model", "kling-v2-1", "outcome", "downloaded")
                .timer().totalTime(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(40);
        assertThat(reg.get("storyreel.clip.queue").tags("provider", "kling").timer().count()).as("no queue time for the second")
                .isEqualTo(1);
        assertThat(reg.get("storyreel.merge").tag("path", "copy").timer().count()).isEqualTo(1);
        assertThat(reg.get("storyreel.delivery.size").tag("platform", "telegram").summary().totalAmount()).isEqualTo(3_000_000);
        assertThat(reg.get("storyreel.chat.api.calls").tags("platform", "telegram", "outcome", "ok").counter().count()).isEqualTo(1);
        assertThat(reg.get("storyreel.chat.rate.limited").tag("platform", "telegram").counter().count()).isEqualTo(1);
        assertThat(reg.get("storyreel.chat.api.calls").tags("platform", "discord", "outcome", "refused").counter().count()).isEqualTo(1);
    }

    @Test
    void databaseGaugesCountFilmsClipsAndTheSchedulerQueueAndGoBlankWhenTheDatabaseIsGone() {
        SimpleMeterRegistry reg = new SimpleMeterRegistry();
        Database db = Database.open(Database.h2Url(dir), "", "", 2);
        try {
            new StoryreelMetrics(reg).watch(db, Duration.ZERO);
            System.gc(); // the registry must hold the gauges' source strongly (it holds state objects weakly)
            OpsRows rows = new OpsRows(db.dataSource());
            assertThat(reg.get("storyreel.films").tag("state", "generating").gauge().value()).isZero();
            rows.book("b1", "GENERATING", "kling", 1, 1);
            rows.book("b2", "GENERATING", "kling", 1, 1);
            rows.book("b3", "DONE", "kling", 1, 1);
            rows.clip("c1", "b1", 1, "kling", "RUNNING", "t1", 0.1, null, 1, 1);
            rows.task("storyreel-clip", "c1", true, Instant.now());
            rows.task("storyreel-clip", "c2", false, Instant.now().minusSeconds(5));
            rows.task("storyreel-merge", "b2", false, Instant.now().plusSeconds(600));

            assertThat(reg.get("storyreel.films").tag("state", "generating").gauge().value()).isEqualTo(2);
            assertThat(reg.get("storyreel.films").tag("state", "done").gauge().value()).isEqualTo(1);
            assertThat(reg.get("storyreel.clips").tag("state", "running").gauge().value()).isEqualTo(1);
            assertThat(reg.get("storyreel.scheduler.tasks").tags("task", "clip", "state", "running").gauge().value()).isEqualTo(1);
            assertThat(reg.get("storyreel.scheduler.tasks").tags("task", "clip", "state", "due").gauge().value()).isEqualTo(1);
            assertThat(reg.get("storyreel.scheduler.tasks").tags("task", "merge", "state", "waiting").gauge().value()).isEqualTo(1);
            assertThat(reg.find("hikaricp.connections.max").gauge()).as("HikariCP's own pool metrics").isNotNull();
        } finally {
            db.close();
        }
        assertThat(reg.get("storyreel.films").tag("state", "generating").gauge().value()).isNaN();
    }
}
