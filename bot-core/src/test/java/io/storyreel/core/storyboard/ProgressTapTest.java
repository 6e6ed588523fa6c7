package io.storyreel.core.storyboard;

import io.storyreel.core.generation.ClipState;
import io.storyreel.core.generation.DeliveryStop;
import io.storyreel.core.generation.EngineReason;
import io.storyreel.core.generation.GenerationListener;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The page's tap on the engine passes everything on to the conversation and keeps only running films' progress. */
class ProgressTapTest {
    private final List<String> heard = new ArrayList<>();
    private final GenerationListener conversation = new GenerationListener() {
        @Override
        public void onProgress(Progress p) {
            heard.add("progress " + p.storybookId());
        }

        @Override
        public void onPaused(String id, int position, EngineReason reason) {
            heard.add("paused " + id + " " + position);
        }

        @Override
        public void onFailed(String id, EngineReason reason) {
            heard.add("failed " + id);
        }

        @Override
        public void deliverFilm(String id, String filmId, Path mp4, FilmSummary summary) {
            heard.add("deliver " + id + " " + filmId);
        }

        @Override
        public void onDeliveryStopped(String id, String filmId, DeliveryStop stop) {
            heard.add("stopped " + id);
        }
    };

    @Test
    void theConversationHearsEverythingAndThePageTheLatestProgressOfRunningFilms() {
        ProgressTap tap = new ProgressTap(conversation);
        GenerationListener.Progress first = new GenerationListener.Progress("book", List.of(
                new GenerationListener.ClipProgress(1, ClipState.RUNNING, 40, 0),
                new GenerationListener.ClipProgress(2, ClipState.PENDING, -1, 2)), Duration.ofSeconds(90),
                GenerationListener.Stage.GENERATING);
        GenerationListener.Progress later = new GenerationListener.Progress("book", List.of(
                new GenerationListener.ClipProgress(1, ClipState.DOWNLOADED, 100, 0),
                new GenerationListener.ClipProgress(2, ClipState.PENDING, -1, 1)), Duration.ofSeconds(40),
                GenerationListener.Stage.GENERATING);
        tap.onProgress(first);
        tap.onProgress(later);
        assertThat(tap.latest("book")).contains(later);
        assertThat(tap.latest("other")).isEmpty();

        tap.onPaused("book", 2, null);
        assertThat(tap.latest("book")).as("a paused film keeps its last report").contains(later);
        tap.deliverFilm("book", "film-1", Path.of("film.mp4"), null);
        assertThat(tap.latest("book")).isEmpty();
        tap.onProgress(first);
        tap.onFailed("book", null);
        assertThat(tap.latest("book")).isEmpty();
        assertThat(heard).containsExactly("progress book", "progress book", "paused book 2", "deliver book film-1",
                "progress book", "failed book");
    }
}
