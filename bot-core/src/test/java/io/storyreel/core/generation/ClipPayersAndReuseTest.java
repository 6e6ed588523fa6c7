package io.storyreel.core.generation;

import io.storyreel.core.storybook.StorybookSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Each clip keeps its payer and account: a retry by another member is paid with that member's keys and account for
 * that clip only, while the film's payer and the other clips keep theirs; the film's summary credits each payer. A clip
 * the chat already paid for and has, from a film that was cancelled, is reused by the next film (no provider call);
 * a delivered film's clips are not.
 */
class ClipPayersAndReuseTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long LIMIT = 50L * 1024 * 1024;
    private static final String ANN = "TELEGRAM:7";
    private static final String BOB = "TELEGRAM:8";
    @TempDir
    Path dir;
    EngineFixture fx;
    DbSchedulerGenerationEngine engine;

    @BeforeEach
    void setUp() {
        fx = new EngineFixture(dir);
        fx.keys(ANN, "kling");
        fx.keys(BOB, "kling");
        fx.sql("INSERT INTO chat_user (user_key, display_name, created_at) VALUES (?, 'Ann', 0), (?, 'Bob', 0)", ANN, BOB);
        engine = fx.engine();
        engine.startWorkers();
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private Clip at(String book, int position) {
        return fx.clips(book).stream().filter(c -> c.position() == position).findFirst().orElseThrow();
    }

    @Test
    void aRetryByAnotherMemberIsPaidFromTheirAccountForThatClipOnly() throws Exception {
        String book = fx.storybook(ANN, "kling", StorybookSettings.defaults(), "the tide comes in", "FAIL the pier");
        engine.start(book, LIMIT);
        await().atMost(WAIT).until(() -> "PAUSED".equals(fx.state(book)));
        Clip failed = at(book, 2);
        assertThat(failed.payerKey()).isEqualTo(ANN);
        assertThat(at(book, 1).accountKey()).startsWith("kling:").doesNotContain("key-of").hasSize(6 + 32);

        engine.retryClip(book, 2, BOB, failed.ref());
        assertThatThrownBy(() -> engine.retryClip(book, 2, BOB, failed.ref()))
                .isInstanceOfSatisfying(GenerationRefusedException.class,
                        e -> assertThat(e.reason().kind()).isEqualTo(EngineReason.Kind.CLIP_REPLACED));
        await().atMost(WAIT).until(() -> at(book, 2).state() == ClipState.FAILED && at(book, 2).payerKey().equals(BOB));

        Clip bobs = at(book, 2);
        assertThat(bobs.accountKey()).startsWith("kling:").isNotEqualTo(at(book, 1).accountKey());
        assertThat(at(book, 1).payerKey()).isEqualTo(ANN);
        assertThat(fx.single("SELECT payer_key FROM storybook WHERE id = ?", book)).isEqualTo(ANN);
        assertThat(fx.kling.seenKeys).containsExactlyInAnyOrder("key-of-TELEGRAM-7-kling", "key-of-TELEGRAM-8-kling");
        assertThat(engine.currentClip(book, 2)).get().extracting(CurrentClip::payerKey).isEqualTo(BOB);

        engine.mergeWithout(book);
        await().atMost(WAIT).until(() -> fx.listener.films.containsKey(book));
        List<GenerationListener.Payment> paid = fx.listener.summaries.get(book).payments();
        assertThat(paid).extracting(GenerationListener.Payment::name, GenerationListener.Payment::usd)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Ann", 0.28), org.assertj.core.groups.Tuple.tuple("Bob", 0.14));
    }

    @Test
    void membersWithTheSameKeysShareOneAccount() throws Exception {
        fx.vault.store("TELEGRAM:9", "kling", fx.vault.load(ANN, "kling").orElseThrow());
        String a = fx.storybook(ANN, "kling", StorybookSettings.defaults(), "one");
        String b = fx.storybook("TELEGRAM:9", "kling", StorybookSettings.defaults(), "two");
        engine.start(a, LIMIT);
        engine.start(b, LIMIT);
        assertThat(at(a, 1).accountKey()).isEqualTo(at(b, 1).accountKey());
    }

    @Test
    void clipsOfACancelledFilmAreReusedByTheNextFilmAndADeliveredFilmsAreNot() throws Exception {
        String first = fx.storybook(ANN, "kling", StorybookSettings.defaults(), "the lamp", "FAIL the moth");
        engine.start(first, LIMIT);
        await().atMost(WAIT).until(() -> "PAUSED".equals(fx.state(first)) && at(first, 1).state() == ClipState.DOWNLOADED);
        engine.cancel(first);
        int paid = fx.kling.creates.size();

        String second = fx.storybook(ANN, "kling", StorybookSettings.defaults(), "the lamp", "the moth flies");
        sameImages(first, second);
        assertThat(engine.alreadyMade(second, "kling")).containsExactly(1);
        engine.start(second, LIMIT);
        Clip reused = at(second, 1);
        assertThat(reused.state()).isEqualTo(ClipState.DOWNLOADED);
        assertThat(reused.reusedFrom()).isEqualTo(at(first, 1).id());
        assertThat(reused.blob()).isEqualTo(at(first, 1).blob());
        await().atMost(WAIT).until(() -> fx.listener.films.containsKey(second));
        assertThat(fx.kling.creates).hasSize(paid + 1);
        assertThat(fx.listener.summaries.get(second).payments()).singleElement()
                .satisfies(p -> assertThat(p.usd()).isCloseTo(0.28, org.assertj.core.data.Offset.offset(1e-9)));

        // the second film was delivered: making the same scenes again is a new film, paid again
        String third = fx.storybook(ANN, "kling", StorybookSettings.defaults(), "the lamp", "the moth flies");
        sameImages(first, third);
        assertThat(engine.alreadyMade(third, "kling")).containsExactly(1); // only the cancelled film's clip
        // the same photo and prompt with another setting of the clip is another clip; a merge setting is not
        String styled = fx.storybook(ANN, "kling", StorybookSettings.defaults().withNegativePrompt("blur"), "the lamp");
        sameImages(first, styled);
        assertThat(engine.alreadyMade(styled, "kling")).isEmpty();
        String faded = fx.storybook(ANN, "kling", StorybookSettings.defaults().withCrossfade(0.5), "the lamp");
        sameImages(first, faded);
        assertThat(engine.alreadyMade(faded, "kling")).containsExactly(1);
    }

    private void sameImages(String from, String to) {
        fx.sql("UPDATE scene SET image_blob = (SELECT s.image_blob FROM scene s WHERE s.storybook_id = ? "
                + "AND s.position = scene.position) WHERE storybook_id = ?", from, to);
    }
}
