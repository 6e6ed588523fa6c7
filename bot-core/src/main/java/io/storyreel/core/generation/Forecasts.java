package io.storyreel.core.generation;

import io.storyreel.core.storage.Jdbc;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.storyreel.core.storybook.InList.bind;

/**
 * The engine's time estimates, from data: each model's learned clip times ({@link ClipTimeBook}), the payer's account
 * slots, what already runs or waits on that account, and the merge. Asked at confirmation ("about 4 min") and at each
 * progress report (the countdown).
 */
final class Forecasts {
    private final Jdbc sql;
    private final ClipTimeBook times;
    private final EngineSettings settings;
    private final Clock clock;

    Forecasts(DataSource ds, ClipTimeBook times, EngineSettings settings, Clock clock) {
        this.sql = new Jdbc(ds);
        this.times = times;
        this.settings = settings;
        this.clock = clock;
    }

    Duration mergeEstimate() {
        return settings.mergeEstimate();
    }

    ClipTimeBook times() {
        return times;
    }

    /**
     * A film of {@code clips} new clips of {@code model}, ordered now on {@code account} (null when the payer is not
     * known yet: then nothing is counted ahead of it): until it is made, merge included.
     */
    Duration newFilm(String account, String provider, String model, int clips) {
        List<Double> running = account == null ? List.of() : runningLeft(account, null);
        int ahead = account == null ? 0 : waiting(account, null, Long.MAX_VALUE);
        double mean = times.of(provider, model).expectedLeft(0);
        double s = new FilmForecast(settings.concurrencyFor(provider), running, ahead, List.of(), clips, mean)
                .clipsDoneInSeconds();
        return Duration.ofMillis(Math.round(s * 1000)).plus(settings.mergeEstimate());
    }

    /** The storybook's clips ({@code clips}, its current ones) still being made: until the last is, merge included. */
    Duration clipsLeft(String bookId, String provider, List<Clip> clips) {
        List<Clip> unfinished = clips.stream().filter(Clip::unfinished).toList();
        if (unfinished.isEmpty()) {
            return settings.mergeEstimate();
        }
        String account = unfinished.stream().map(Clip::accountKey).filter(a -> a != null).findFirst().orElse(null);
        List<Double> ours = new ArrayList<>();
        int waiting = 0;
        long firstWaiting = Long.MAX_VALUE;
        String model = unfinished.get(0).model();
        for (Clip k : unfinished) {
            if (k.state() == ClipState.PENDING) {
                waiting++;
                firstWaiting = Math.min(firstWaiting, k.createdAt());
            } else {
                ours.add(left(k));
            }
        }
        List<Double> others = account == null ? List.of() : runningLeft(account, bookId);
        int ahead = account == null || waiting == 0 ? 0 : waiting(account, bookId, firstWaiting);
        double mean = times.of(provider, model).expectedLeft(0);
        double s = new FilmForecast(settings.concurrencyFor(provider), others, ahead, ours, waiting, mean)
                .clipsDoneInSeconds();
        return Duration.ofMillis(Math.round(s * 1000)).plus(settings.mergeEstimate());
    }

    /** Expected seconds left of a clip on its way (0 once made, the download aside). */
    private double left(Clip k) {
        if (!k.inFlight()) {
            return 0;
        }
        double elapsed = k.submittedAt() == null ? 0 : Math.max(0, clock.millis() - k.submittedAt()) / 1000.0;
        return times.of(k.provider(), k.model()).expectedLeft(elapsed);
    }

    /** Expected seconds left of every clip running on {@code account}, but for {@code exceptBook}'s. */
    private List<Double> runningLeft(String account, String exceptBook) {
        return sql.query("SELECT * FROM clip WHERE account_key = ? AND state IN " + ClipState.IN_FLIGHT.sql()
                        + " AND replaced_by IS NULL AND storybook_id <> ?", Clip::read,
                bind(account, ClipState.IN_FLIGHT, exceptBook == null ? "" : exceptBook))
                .stream().map(this::left).toList();
    }

    /** Clips of other films waiting for a slot of {@code account} that came before {@code before}. */
    private int waiting(String account, String exceptBook, long before) {
        return sql.one("SELECT COUNT(*) FROM clip c JOIN storybook b ON b.id = c.storybook_id WHERE c.account_key = ? "
                        + "AND c.state = ? AND c.replaced_by IS NULL AND b.state = ? AND c.storybook_id <> ? "
                        + "AND c.created_at < ?", rs -> rs.getInt(1),
                bind(account, ClipState.PENDING, io.storyreel.core.storybook.StorybookState.GENERATING,
                        exceptBook == null ? "" : exceptBook, before)).orElse(0);
    }
}
