package io.storyreel.core.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class JdbcTest {
    @TempDir
    Path dir;

    @Test
    void aTakenKeyIsReportedAsADuplicateAndATransactionRollsBack() {
        try (Database db = Database.open(Database.h2Url(dir), null, null, 2)) {
            Jdbc jdbc = new Jdbc(db.dataSource());
            jdbc.update("INSERT INTO provider_account (account_key, created_at) VALUES (?, ?)", "a|kling", 1L);
            Jdbc.StorageException dup = catchThrowableOfType(Jdbc.StorageException.class,
                    () -> jdbc.update("INSERT INTO provider_account (account_key, created_at) VALUES (?, ?)", "a|kling", 2L));
            assertThat(dup.isDuplicateKey()).isTrue();

            Jdbc.StorageException bad = catchThrowableOfType(Jdbc.StorageException.class,
                    () -> jdbc.update("INSERT INTO no_such_table VALUES (1)"));
            assertThat(bad.isDuplicateKey()).isFalse();

            assertThatThrownBy(() -> jdbc.inTransaction(c -> {
                Jdbc.update(c, "INSERT INTO provider_account (account_key, created_at) VALUES (?, ?)", "b|kling", 3L);
                throw new IllegalArgumentException("boom");
            })).hasMessage("boom");
            assertThat(jdbc.one("SELECT created_at FROM provider_account WHERE account_key = ?", rs -> rs.getLong(1), "b|kling"))
                    .isEmpty();
            assertThat(jdbc.query("SELECT account_key FROM provider_account", rs -> rs.getString(1))).containsExactly("a|kling");
        }
    }
}
