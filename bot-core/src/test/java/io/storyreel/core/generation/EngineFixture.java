package io.storyreel.core.generation;

import io.storyreel.core.storage.Jdbc;

import io.storyreel.core.keys.MasterKeyset;
import io.storyreel.core.keys.TinkKeyVault;
import io.storyreel.core.provider.Credentials;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.storage.BlobStore;
import io.storyreel.core.storage.Database;
import io.storyreel.core.storybook.StorybookSettings;
import io.storyreel.core.testing.FakeVideoProvider;
import io.storyreel.core.video.Merger;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** A database, blob store, vault, fake providers and engines for one test. */
final class EngineFixture implements AutoCloseable {
    final Database db;
    final BlobStore blobs;
    final TinkKeyVault vault;
    final FakeVideoProvider kling = new FakeVideoProvider("kling", true);
    final FakeVideoProvider minimax = new FakeVideoProvider("minimax", false);
    final FakeMerger merger = new FakeMerger();
    /** The merger engines made from now on get: {@link #merger} unless a test gives a real one. */
    Merger mergerInUse = merger;
    final RecordingListener listener = new RecordingListener();
    final List<DbSchedulerGenerationEngine> engines = new ArrayList<>();
    Clock clock = Clock.systemUTC();
    EngineSettings settings = EngineSettings.defaults()
            .withWorker("test-" + UUID.randomUUID().toString().substring(0, 6), 4)
            .withTimings(Duration.ofMillis(50), Duration.ofMillis(500), 4, Duration.ofMillis(20), Duration.ofMillis(60),
                    Duration.ofMillis(50), Duration.ofMillis(20), Duration.ofMillis(500))
            .withLimits(1, 20);

    EngineFixture(Path dir) {
        this(dir, Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", 10));
    }

    EngineFixture(Path dir, Database db) {
        this.db = db;
        this.blobs = BlobStore.files(dir.resolve("blobs"));
        this.vault = new TinkKeyVault(db.dataSource(), MasterKeyset.inMemory(), Map.of(), Set.of(), Clock.systemUTC());
    }

    DbSchedulerGenerationEngine engine() {
        DbSchedulerGenerationEngine e = DbSchedulerGenerationEngine.create(db, blobs,
                Map.<String, VideoProvider>of("kling", kling, "minimax", minimax), vault, mergerInUse, clock, settings);
        e.attach(listener);
        listener.answerTo(e);
        engines.add(e);
        return e;
    }

    void keys(String payer, String provider) {
        vault.store(payer, provider, Credentials.of("apiKey", "key-of-" + payer.replace(':', '-') + "-" + provider));
    }

    /** What the conversation leaves behind: a CONFIRMING storybook with one scene per prompt. */
    String storybook(String payer, String provider, StorybookSettings settings, String... prompts) throws Exception {
        String id = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        try (Connection c = db.dataSource().getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO storybook (id, chat_key, platform, chat_id, chat_kind, "
                    + "state, owner_key, payer_key, provider, settings_json, created_at, updated_at) "
                    + "VALUES (?, 'TELEGRAM:1', 'TELEGRAM', '1', 'PRIVATE', 'CONFIRMING', ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, payer);
                ps.setString(3, payer);
                ps.setString(4, provider);
                ps.setString(5, settings.toJson());
                ps.setLong(6, now);
                ps.setLong(7, now);
                ps.executeUpdate();
            }
            for (int i = 0; i < prompts.length; i++) {
                String blob = blobs.put(("image " + i + " of " + id).getBytes());
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO scene (id, storybook_id, position, image_blob, "
                        + "image_mime, width, height, prompt, contributor_key, contributor, created_at) "
                        + "VALUES (?, ?, ?, ?, 'image/jpeg', 1280, 720, ?, ?, 'Ann', ?)")) {
                    ps.setString(1, UUID.randomUUID().toString());
                    ps.setString(2, id);
                    ps.setInt(3, i + 1);
                    ps.setString(4, blob);
                    ps.setString(5, prompts[i]);
                    ps.setString(6, payer);
                    ps.setLong(7, now);
                    ps.executeUpdate();
                }
            }
        }
        return id;
    }

    String state(String bookId) {
        return new GenerationStore(db.dataSource()).book(bookId).orElseThrow().state().name();
    }

    List<Clip> clips(String bookId) {
        return new GenerationStore(db.dataSource()).currentClips(bookId);
    }

    /** The first column of the first row, as text. */
    String single(String query, Object... args) {
        return new Jdbc(db.dataSource()).one(query, rs -> rs.getString(1), args).orElse(null);
    }

    void sql(String statement, Object... args) {
        new Jdbc(db.dataSource()).update(statement, args);
    }

    @Override
    public void close() {
        engines.forEach(DbSchedulerGenerationEngine::stop);
        db.close();
    }
}
