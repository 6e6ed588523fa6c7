package io.storyreel.core.generation;

import io.storyreel.core.storage.Jdbc;
import io.storyreel.core.storybook.Storybook;

import java.util.List;

/**
 * What a film cost, clip attempt by clip attempt: the one ledger the film's caption, its payers' shares and (through
 * the same {@code charged_usd} column) /history, the payer limits and the operator's spend figures read. A clip's
 * charge is the provider's own figure where it reports one, else the catalogue price; an attempt the provider
 * reported as failed costs what it said (Kling "0"), or nothing.
 */
final class FilmLedger {
    private final GenerationStore store;

    FilmLedger(GenerationStore store) {
        this.store = store;
    }

    /**
     * Who paid for the film's clips, in clip order: every attempt the provider charged for (or may
     * have), and for a reused clip the clip it was taken from. Each payer's charged dollars, from {@link #ledger}.
     */
    List<GenerationListener.Payment> payments(String bookId) {
        java.util.Map<String, Double> byPayer = new java.util.LinkedHashMap<>();
        for (Charge c : ledger(bookId)) {
            if (c.payerKey() != null) {
                byPayer.merge(c.payerKey(), c.usd(), Double::sum);
            }
        }
        List<GenerationListener.Payment> out = new java.util.ArrayList<>();
        byPayer.forEach((payer, usd) -> out.add(new GenerationListener.Payment(payer, store.displayName(payer).orElse(null), usd)));
        return out;
    }

    /**
     * One clip attempt in the film's ledger: who paid, what the provider charged (its own figure where it reported
     * one, else the catalogue price; a task it reported as failed costs what it said, or nothing) in dollars and
     * units, and what was estimated for it. {@code current} is false for an attempt a retry replaced.
     */
    record Charge(String payerKey, double usd, double units, double estimatedUsd, boolean current) {
    }

    /**
     * Every attempt of the film the provider charged for (or may have), and for a reused clip the clip it was taken
     * from, in clip order: the one ledger the caption, history and spend figures read.
     */
    List<Charge> ledger(String bookId) {
        String filmPayer = store.book(bookId).map(Storybook::payerKey).orElse(null);
        List<Charge> out = new java.util.ArrayList<>();
        for (Clip k : store.allClips(bookId)) {
            Clip paid = k.reused() ? store.clip(k.reusedFrom()).orElse(null) : k;
            if (paid == null || !paid.paid()) {
                continue;
            }
            double estimatedUnits = paid.estimatedUnits() == null ? 0 : paid.estimatedUnits();
            Charge c = store.sql.one("SELECT charged_usd, actual_units FROM clip WHERE id = ?", rs -> {
                Double usd = Jdbc.doubleOrNull(rs, "charged_usd");
                Double units = Jdbc.doubleOrNull(rs, "actual_units");
                return new Charge(paid.payerOr(filmPayer), usd != null ? usd : paid.estimatedUsdOrZero(),
                        units != null ? units : usd != null && usd == 0 ? 0 : estimatedUnits, paid.estimatedUsdOrZero(),
                        k.replacedBy() == null);
            }, paid.id()).orElseThrow();
            out.add(c);
        }
        return out;
    }
}
