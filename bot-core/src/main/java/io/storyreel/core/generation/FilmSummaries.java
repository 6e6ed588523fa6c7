package io.storyreel.core.generation;

import io.storyreel.core.provider.Capabilities;
import io.storyreel.core.storybook.Film;
import io.storyreel.core.storybook.Storybook;
import io.storyreel.core.video.ClipInfo;
import io.storyreel.core.video.Merger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What the chat says beside a delivered film: provider and model, clips, length, what it cost (paid and estimated,
 * per payer), who contributed, how long it took, and the film's frame size so the chat can lay the video out before
 * it downloads.
 */
final class FilmSummaries {
    private static final Logger LOG = LoggerFactory.getLogger(FilmSummaries.class);

    private final GenerationStore store;
    private final FilmLedger ledger;
    private final EngineProviders providers;
    private final Merger merger;

    FilmSummaries(GenerationStore store, FilmLedger ledger, EngineProviders providers, Merger merger) {
        this.store = store;
        this.ledger = ledger;
        this.providers = providers;
        this.merger = merger;
    }

    GenerationListener.FilmSummary of(Storybook b, Film f, Path mp4) {
        List<FilmLedger.Charge> charges = ledger.ledger(b.id());
        int[] frame = frame(mp4);
        double units = charges.stream().mapToDouble(FilmLedger.Charge::units).sum();
        LinkedHashSet<String> who = new LinkedHashSet<>();
        store.scenes(b.id()).forEach(s -> who.add(s.contributor() != null ? s.contributor() : s.contributorKey()));
        Capabilities caps = providers.get(b.provider()).capabilities();
        return new GenerationListener.FilmSummary(b.provider(), f.model(), f.clips(), f.durationMs() / 1000.0, f.costUsd(),
                units, caps.currencyUnit(), List.copyOf(who), ledger.payments(b.id()),
                b.startedAt() == null ? null : Duration.ofMillis(Math.max(0, f.createdAt() - b.startedAt())),
                charges.stream().filter(FilmLedger.Charge::current).mapToDouble(FilmLedger.Charge::estimatedUsd).sum(),
                frame[0], frame[1]);
    }

    /** The film's width and height, so the chat can lay it out before downloading it; 0 x 0 when unreadable. */
    private int[] frame(Path mp4) {
        try {
            ClipInfo info = merger.probe(List.of(mp4)).get(0);
            return new int[]{info.width(), info.height()};
        } catch (RuntimeException e) {
            LOG.debug("Could not read the frame size of {}: {}", mp4, e.toString());
            return new int[]{0, 0};
        }
    }
}
