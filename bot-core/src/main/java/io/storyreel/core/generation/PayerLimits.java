package io.storyreel.core.generation;

import io.storyreel.core.config.StoryreelConfig;

import java.time.ZoneId;

/**
 * What one member may spend: {@code runningFilms} films in the making at once (a film counts for its payer and for
 * anyone paying one of its unfinished clips), {@code filmsPerDay} films started, {@code clipsPerDay} clips ordered
 * and {@code usdPerDay} dollars of estimated cost ordered per {@link LimitDay} ({@code usdPerDay} 0 = no cap). The
 * same limits hold for a confirmation, a retry, a redo and a regenerated film.
 */
public record PayerLimits(int runningFilms, int filmsPerDay, int clipsPerDay, double usdPerDay, LimitDay day) {

    public static PayerLimits defaults() {
        return new PayerLimits(1, 20, 60, 20.0, LimitDay.UTC);
    }

    public static PayerLimits from(StoryreelConfig.Limits limits) {
        return new PayerLimits(limits.runningFilmsPerUser(), limits.dailyFilmsPerUser(), limits.dailyClipsPerUser(),
                limits.dailySpendUsdPerUser(), new LimitDay(limits.dayZone()));
    }

    public PayerLimits withRunningAndFilms(int running, int films) {
        return new PayerLimits(running, films, clipsPerDay, usdPerDay, day);
    }

    public PayerLimits withDaily(int clips, double usd) {
        return new PayerLimits(runningFilms, filmsPerDay, clips, usd, day);
    }

    public PayerLimits withDayZone(ZoneId zone) {
        return new PayerLimits(runningFilms, filmsPerDay, clipsPerDay, usdPerDay, new LimitDay(zone));
    }
}
