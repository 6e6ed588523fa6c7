package io.storyreel.core.generation;

import io.storyreel.core.storybook.StorybookSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class GenerationLimitsTest {
    @TempDir
    Path dir;
    EngineFixture fx;

    @BeforeEach
    void setUp() {
        fx = new EngineFixture(dir);
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @Test
    void theDailyCapCountsFilmsStartedSinceMidnightOnTheInjectedClock() throws Exception {
        Instant evening = Instant.parse("2026-03-01T22:00:00Z");
        for (int i = 0; i < 2; i++) {
            String b = fx.storybook("DISCORD:5", "kling", StorybookSettings.defaults(), "x");
            fx.sql("UPDATE storybook SET state = 'DONE', started_at = ? WHERE id = ?", evening.toEpochMilli() - i, b);
        }
        GenerationLimits sameDay = new GenerationLimits(fx.db.dataSource(), Clock.fixed(evening.plusSeconds(3600), ZoneOffset.UTC),
                5, 2, ZoneOffset.UTC);
        GenerationLimits nextDay = new GenerationLimits(fx.db.dataSource(), Clock.fixed(evening.plusSeconds(7300), ZoneOffset.UTC),
                5, 2, ZoneOffset.UTC);

        assertThat(sameDay.check("DISCORD:5").allowed()).isFalse();
        assertThat(RecordingListener.words(sameDay.check("DISCORD:5").reason())).contains("2 films today");
        assertThat(nextDay.check("DISCORD:5").allowed()).isTrue();
    }

    @Test
    void runningFilmsCountPausedAndMergingOnesToo() throws Exception {
        String a = fx.storybook("DISCORD:5", "kling", StorybookSettings.defaults(), "x");
        String b = fx.storybook("DISCORD:5", "kling", StorybookSettings.defaults(), "x");
        fx.sql("UPDATE storybook SET state = 'PAUSED' WHERE id = ?", a);
        fx.sql("UPDATE storybook SET state = 'MERGING' WHERE id = ?", b);
        GenerationLimits two = new GenerationLimits(fx.db.dataSource(), Clock.systemUTC(), 2, 100, ZoneOffset.UTC);
        GenerationLimits three = new GenerationLimits(fx.db.dataSource(), Clock.systemUTC(), 3, 100, ZoneOffset.UTC);
        assertThat(RecordingListener.words(two.check("DISCORD:5").reason())).contains("2 films in progress");
        assertThat(three.check("DISCORD:5").allowed()).isTrue();
    }
}
