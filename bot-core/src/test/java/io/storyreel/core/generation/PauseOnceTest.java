package io.storyreel.core.generation;

import io.storyreel.core.storage.Database;
import io.storyreel.core.storage.Jdbc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failed clip is reported by two paths that can meet: the failing clip itself and a clip finishing beside it.
 * Whichever comes second must not tell the user again; a different clip failing while paused is news.
 */
class PauseOnceTest {
    @TempDir
    Path dir;

    @Test
    void aPauseIsNewsOncePerReason() {
        try (Database db = Database.open(Database.h2Url(dir), null, null, 2)) {
            Jdbc jdbc = new Jdbc(db.dataSource());
            jdbc.update("INSERT INTO storybook (id, chat_key, platform, chat_id, chat_kind, state, owner_key, created_at, updated_at) "
                    + "VALUES ('b1', 'TELEGRAM:1', 'TELEGRAM', '1', 'PRIVATE', 'GENERATING', 'TELEGRAM:1', 0, 0)");

            assertThat(pause(jdbc, "Clip 2: refused")).isTrue();
            assertThat(state(jdbc)).isEqualTo("PAUSED");
            assertThat(pause(jdbc, "Clip 2: refused")).as("the same failure reported again").isFalse();
            assertThat(pause(jdbc, "Clip 3: timed out")).as("another clip failed while paused").isTrue();

            jdbc.update("UPDATE storybook SET state = 'CANCELLED' WHERE id = 'b1'");
            assertThat(pause(jdbc, "Clip 4: refused")).as("a cancelled storybook stays cancelled").isFalse();
            assertThat(state(jdbc)).isEqualTo("CANCELLED");
        }
    }

    private static boolean pause(Jdbc jdbc, String reason) {
        return jdbc.inTransaction(c -> GenerationStore.pauseLocked(c, GenerationStore.lockBook(c, "b1").orElseThrow(), reason, 1));
    }

    private static String state(Jdbc jdbc) {
        return jdbc.one("SELECT state FROM storybook WHERE id = 'b1'", rs -> rs.getString(1)).orElseThrow();
    }
}
