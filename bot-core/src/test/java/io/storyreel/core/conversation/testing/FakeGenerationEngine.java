package io.storyreel.core.conversation.testing;

import io.storyreel.core.generation.ClipState;
import io.storyreel.core.generation.CurrentClip;
import io.storyreel.core.generation.GenerationLimits;
import io.storyreel.core.generation.DeliveryChoice;
import io.storyreel.core.generation.DeliveryFailure;
import io.storyreel.core.generation.EngineReason;
import io.storyreel.core.generation.GenerationEngine;
import io.storyreel.core.generation.GenerationListener;
import io.storyreel.core.storage.BlobStore;
import io.storyreel.core.storage.Database;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * A generation engine that makes films instantly, for conversation tests: on {@link #start} it reports progress
 * for every scene, then (unless a clip is set to fail, which pauses the storybook) stores a small film blob,
 * writes its {@code film} row and hands it over with {@link GenerationListener#deliverFilm}, all on its own executor
 * as the real engine's workers would; the conversation's acknowledgement makes the storybook DONE. Like the real
 * engine it alone moves the storybook's state from the start on. It records every command so tests can check what
 * the conversation asked for, and every acknowledgement.
 */
public final class FakeGenerationEngine implements GenerationEngine {
    private final Database db;
    private final BlobStore blobs;
    private volatile GenerationListener listener;
    private final Executor executor;
    private final Clock clock;
    private final Map<Integer, String> failing = new ConcurrentHashMap<>();
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    private final List<String> answers = Collections.synchronizedList(new ArrayList<>());
    private final List<String> sendings = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Long> uploadLimits = new ConcurrentHashMap<>();
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    private final Map<String, String> payers = new ConcurrentHashMap<>();
    private volatile EngineReason refusal;

    public FakeGenerationEngine(Database db, BlobStore blobs, Executor executor, Clock clock) {
        this.db = db;
        this.blobs = blobs;
        this.executor = executor;
        this.clock = clock;
    }

    @Override
    public void attach(GenerationListener listener) {
        this.listener = listener;
    }

    /** The next run pauses when it reaches clip {@code position}, with {@code reason}. */
    public FakeGenerationEngine failClip(int position, String reason) {
        failing.put(position, reason);
        return this;
    }

    /** Calls as {@code start:<id>}, {@code retry:<id>:<n>}, {@code mergeWithout:<id>}, {@code cancel:<id>}. */
    public List<String> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** The conversation's answers to handed-over films: {@code delivered:<filmId>}, {@code failed:<filmId>:<tooLarge>}. */
    public List<String> answers() {
        synchronized (answers) {
            return List.copyOf(answers);
        }
    }

    /** The upload limit the conversation recorded when it started the storybook. */
    public Long uploadLimit(String storybookId) {
        return uploadLimits.get(storybookId);
    }

    /** Failures inside the fake's own runs (e.g. a delivery that threw). */
    public List<Throwable> errors() {
        synchronized (errors) {
            return List.copyOf(errors);
        }
    }

    /** The bytes every fake film holds, so tests can recognise a delivered film. */
    public static byte[] filmBytes(String storybookId) {
        return ("fake-mp4:" + storybookId).getBytes(StandardCharsets.UTF_8);
    }

    /** Like the real engine: only a confirmed storybook (payer set) in COLLECTING/CONFIRMING starts. */
    @Override
    public void start(String storybookId, long uploadLimitBytes) {
        calls.add("start:" + storybookId);
        uploadLimits.put(storybookId, uploadLimitBytes);
        if (setState(storybookId, "GENERATING", "state IN ('COLLECTING', 'CONFIRMING') AND payer_key IS NOT NULL") != 1) {
            throw new io.storyreel.core.generation.GenerationRefusedException(
                    EngineReason.detailed(EngineReason.Kind.NOT_STARTABLE, null, 0, "not ready"));
        }
        executor.execute(() -> run(storybookId, true));
    }

    /** Calls {@code retry:<id>:<n>}, plus {@code :<payer>} when someone other than the clip's payer pays. */
    @Override
    public void retryClip(String storybookId, int position, String payerKey, String replacing) {
        String current = position + "-" + attempts.getOrDefault(storybookId + ":" + position, 0);
        if (replacing != null && !current.equals(replacing)) {
            throw new io.storyreel.core.generation.GenerationRefusedException(
                    EngineReason.clip(EngineReason.Kind.CLIP_REPLACED, null, position));
        }
        attempts.merge(storybookId + ":" + position, 1, Integer::sum);
        if (payerKey != null) {
            payers.put(storybookId + ":" + position, payerKey);
        }
        calls.add("retry:" + storybookId + ":" + position + (payerKey == null ? "" : ":" + payerKey));
        failing.remove(position);
        setState(storybookId, "GENERATING", "state IN ('PAUSED', 'GENERATING', 'DONE', 'FAILED')");
        executor.execute(() -> run(storybookId, false));
    }

    /**
     * A clip the fake "made": its ref counts the attempts at that position ({@code 1-0}, then {@code 1-1}…), and its
     * payer is whoever last retried it with their own keys, else the storybook's payer.
     */
    @Override
    public Optional<CurrentClip> currentClip(String storybookId, int position) {
        String payer = payers.getOrDefault(storybookId + ":" + position, payerOf(storybookId));
        return Optional.of(new CurrentClip(position + "-" + attempts.getOrDefault(storybookId + ":" + position, 0),
                position, ClipState.RUNNING, payer));
    }

    @Override
    public Set<Integer> alreadyMade(String storybookId, String provider) {
        return Set.of();
    }

    /** Allowed, unless a test set a refusal with {@link #refuseAdmission}. */
    @Override
    public GenerationLimits.Admission admits(String payerKey, GenerationLimits.Order order) {
        EngineReason r = refusal;
        return new GenerationLimits.Admission(r == null, r);
    }

    public FakeGenerationEngine refuseAdmission(EngineReason reason) {
        this.refusal = reason;
        return this;
    }

    private String payerOf(String storybookId) {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT payer_key FROM storybook WHERE id = ?")) {
            ps.setString(1, storybookId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void mergeWithout(String storybookId) {
        calls.add("mergeWithout:" + storybookId);
        setState(storybookId, "GENERATING", "state IN ('PAUSED', 'GENERATING')");
        executor.execute(() -> run(storybookId, false));
    }

    @Override
    public CancelResult cancel(String storybookId) {
        calls.add("cancel:" + storybookId);
        setState(storybookId, "CANCELLED", "state NOT IN ('DONE', 'CANCELLED', 'FAILED')");
        return new CancelResult(List.of(1), List.of(), 0.14);
    }

    @Override
    public void filmDelivered(String filmId) {
        answers.add("delivered:" + filmId);
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE film SET delivered_at = ?, delivery_state = 'DELIVERED' "
                     + "WHERE id = ? AND delivered_at IS NULL")) {
            ps.setLong(1, clock.millis());
            ps.setString(2, filmId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        setState(storybookOf(filmId), "DONE", "state = 'DELIVERING'");
    }

    /** Like the real engine: the first hand-over to ask sends; a film sent, being sent or answered is not sent again. */
    @Override
    public boolean filmSending(String filmId) {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE film SET delivery_state = 'SENDING', sending_at = ? "
                     + "WHERE id = ? AND delivered_at IS NULL AND delivery_state IN ('WAITING', 'HANDED_OVER')")) {
            ps.setLong(1, clock.millis());
            ps.setString(2, filmId);
            boolean go = ps.executeUpdate() == 1;
            sendings.add(filmId + ":" + go);
            return go;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void deliveryFailed(String filmId, DeliveryFailure failure, String reason) {
        answers.add("failed:" + filmId + ":" + failure);
    }

    @Override
    public boolean deliverAgain(String filmId, DeliveryChoice choice) {
        calls.add("deliverAgain:" + filmId + ":" + choice);
        return false;
    }

    /** Every {@link #filmSending} asked, as {@code <film>:<whether it may send>}. */
    public List<String> sendings() {
        return List.copyOf(sendings);
    }

    private String storybookOf(String filmId) {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT storybook_id FROM film WHERE id = ?")) {
            ps.setString(1, filmId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private int setState(String storybookId, String to, String condition) {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE storybook SET state = ? WHERE id = ? AND " + condition)) {
            ps.setString(1, to);
            ps.setString(2, storybookId);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void startWorkers() {
    }

    @Override
    public void stop() {
    }

    private void run(String storybookId, boolean mayFail) {
        try {
            Book book = load(storybookId);
            int n = book.contributors().size();
            List<GenerationListener.ClipProgress> clips = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                clips.add(new GenerationListener.ClipProgress(i, ClipState.RUNNING, 50, 0));
            }
            listener.onProgress(new GenerationListener.Progress(storybookId, List.copyOf(clips), Duration.ofMinutes(2),
                    GenerationListener.Stage.GENERATING));
            if (mayFail) {
                for (int i = 1; i <= n; i++) {
                    String reason = failing.get(i);
                    if (reason != null) {
                        setState(storybookId, "PAUSED", "state = 'GENERATING'");
                        listener.onPaused(storybookId, i, EngineReason.detailed(EngineReason.Kind.PROVIDER_ERROR,
                                book.provider(), i, reason));
                        return;
                    }
                }
            }
            clips.replaceAll(c -> new GenerationListener.ClipProgress(c.position(), ClipState.DOWNLOADED, 100, 0));
            listener.onProgress(new GenerationListener.Progress(storybookId, List.copyOf(clips), Duration.ZERO,
                    GenerationListener.Stage.MERGING));
            byte[] film = filmBytes(storybookId);
            String blob = blobs.put(film);
            String filmId = UUID.randomUUID().toString();
            try (Connection c = db.dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("INSERT INTO film (id, storybook_id, blob, bytes, duration_ms, "
                         + "clips, provider, model, cost_usd, caption, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)")) {
                ps.setString(1, filmId);
                ps.setString(2, storybookId);
                ps.setString(3, blob);
                ps.setLong(4, film.length);
                ps.setLong(5, n * 5000L);
                ps.setInt(6, n);
                ps.setString(7, book.provider());
                ps.setString(8, "kling-v2-1");
                ps.setDouble(9, 0.14 * n);
                ps.setLong(10, clock.millis());
                ps.executeUpdate();
            }
            setState(storybookId, "DELIVERING", "state = 'GENERATING'");
            listener.deliverFilm(storybookId, filmId, blobs.path(blob), new GenerationListener.FilmSummary(
                    book.provider(), "kling-v2-1", n, n * 5.0, 0.14 * n, n, "units",
                    book.contributors().stream().distinct().toList(), List.of()));
        } catch (Throwable e) {
            errors.add(e);
        }
    }

    private record Book(String provider, List<String> contributors) {
    }

    private Book load(String storybookId) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            String provider;
            try (PreparedStatement ps = c.prepareStatement("SELECT provider FROM storybook WHERE id = ?")) {
                ps.setString(1, storybookId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    provider = rs.getString(1);
                }
            }
            List<String> contributors = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT contributor FROM scene WHERE storybook_id = ? ORDER BY position")) {
                ps.setString(1, storybookId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        contributors.add(rs.getString(1));
                    }
                }
            }
            return new Book(provider, contributors);
        }
    }
}
