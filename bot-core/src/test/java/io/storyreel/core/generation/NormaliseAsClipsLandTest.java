package io.storyreel.core.generation;

import io.storyreel.core.provider.TaskStatus;
import io.storyreel.core.storybook.StorybookSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each clip is normalised onto the film's canvas on its own task as soon as it is downloaded, while the others are
 * still being made; the merge is given the normalised files; a redo normalises the new clip alone; a restart between
 * the download and the normalisation resumes with the normalisation and pays, submits and downloads nothing again.
 * The fake provider's scenes are 1280x720 photos and its model makes 720p at 24 fps: the canvas is 1280x720@24/1.
 */
class NormaliseAsClipsLandTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long LIMIT = 50L * 1024 * 1024;
    private static final String CANVAS = "1280x720@24/1";
    @TempDir
    Path dir;
    EngineFixture fx;

    @BeforeEach
    void setUp() {
        fx = new EngineFixture(dir);
        fx.keys("TELEGRAM:7", "kling");
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @Test
    void eachClipIsNormalisedAsItLandsBeforeTheLastOneIsMadeAndTheMergeTakesTheNormalisedFiles() throws Exception {
        Set<String> made = ConcurrentHashMap.newKeySet();
        fx.kling.runFor = clipId -> made.contains(clipId) ? Duration.ZERO : Duration.ofHours(1);
        DbSchedulerGenerationEngine engine = fx.engine();
        engine.startWorkers();
        String book = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults(), "one", "two", "three");
        engine.start(book, LIMIT);
        List<Clip> clips = fx.clips(book);
        made.add(clips.get(0).id());
        made.add(clips.get(1).id());

        await().atMost(WAIT).until(() -> fx.merger.normalised.size() == 2);
        Clip last = fx.clips(book).get(2);
        assertThat(last.state()).as("the last clip is still being made").isIn(ClipState.SUBMITTED, ClipState.QUEUED,
                ClipState.RUNNING);
        assertThat(fx.merger.normalised).extracting(FakeMerger.Normalised::canvas).containsOnly(CANVAS);
        assertThat(fx.merger.normalised).extracting(FakeMerger.Normalised::clip)
                .allMatch(c -> c.contains("clip:one") || c.contains("clip:two"));
        assertThat(fx.merger.calls).isEmpty();

        made.add(last.id());
        await().atMost(WAIT).until(() -> fx.listener.films.containsKey(book));
        assertThat(fx.merger.normalised).hasSize(3);
        assertThat(fx.merger.merged).singleElement().satisfies(files -> {
            assertThat(files).hasSize(3).allMatch(f -> f.startsWith("normalised to " + CANVAS + ": video of task-"));
            assertThat(files.get(0)).endsWith("clip:one");
            assertThat(files.get(2)).endsWith("clip:three");
        });
        for (Clip k : fx.clips(book)) {
            String normalised = fx.single("SELECT normalised_blob FROM clip WHERE id = ?", k.id());
            assertThat(normalised).isNotNull().isNotEqualTo(k.blob());
            assertThat(fx.blobs.exists(normalised)).isTrue();
            assertThat(fx.blobs.exists(k.blob())).as("the original is kept beside it").isTrue();
            assertThat(fx.single("SELECT canvas FROM clip WHERE id = ?", k.id())).isEqualTo(CANVAS);
        }
        assertThat(fx.kling.creates).hasSize(3).doesNotHaveDuplicates();
    }

    @Test
    void aRedoOfOneClipNormalisesThatClipAloneAndTheFilmIsMergedFromTheNormalisedFilesAgain() throws Exception {
        DbSchedulerGenerationEngine engine = fx.engine();
        engine.startWorkers();
        String book = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults(), "one", "two", "three");
        engine.start(book, LIMIT);
        await().atMost(WAIT).until(() -> "DONE".equals(fx.state(book)) && fx.listener.films.containsKey(book));
        assertThat(fx.merger.normalised).hasSize(3);
        String firstFilm = fx.listener.films.get(book);

        engine.retryClip(book, 2);

        await().atMost(WAIT).until(() -> fx.merger.merged.size() == 2 && "DONE".equals(fx.state(book))
                && !firstFilm.equals(fx.listener.films.get(book)));
        assertThat(fx.merger.normalised).hasSize(4);
        Clip redone = fx.clips(book).get(1);
        assertThat(fx.merger.normalised.get(3).clip()).isEqualTo(new String(fx.blobs.read(redone.blob()),
                StandardCharsets.UTF_8));
        List<String> again = fx.merger.merged.get(1);
        assertThat(again).allMatch(f -> f.startsWith("normalised to " + CANVAS + ": "));
        assertThat(again.get(0)).isEqualTo(fx.merger.merged.get(0).get(0));
        assertThat(again.get(2)).isEqualTo(fx.merger.merged.get(0).get(2));
        assertThat(again.get(1)).isNotEqualTo(fx.merger.merged.get(0).get(1)).contains(redone.providerTaskId() + " ");
        assertThat(fx.kling.creates).hasSize(4);
    }

    @Test
    void aRestartBetweenTheDownloadAndTheNormalisationResumesTheNormalisationAndDownloadsNothingAgain() throws Exception {
        fx.kling.hold = true;
        DbSchedulerGenerationEngine first = fx.engine();
        first.startWorkers();
        String book = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults(), "one", "two");
        first.start(book, LIMIT);
        await().atMost(WAIT).until(() -> fx.clips(book).stream().allMatch(c -> c.providerTaskId() != null));
        first.stop();
        // the worker died after storing clip 1's file and before normalising it: the row says SUCCEEDED with its blob
        Clip one = fx.clips(book).get(0);
        fx.kling.byExternal.get(one.id()).status = TaskStatus.SUCCEEDED;
        String fetched = fx.blobs.put("video of the first clip, stored before the crash".getBytes(StandardCharsets.UTF_8));
        fx.sql("UPDATE clip SET state = 'SUCCEEDED', progress = 100, result_ref = 'url:x', blob = ? WHERE id = ?",
                fetched, one.id());

        DbSchedulerGenerationEngine second = fx.engine();
        fx.kling.hold = false;
        second.startWorkers();

        await().atMost(WAIT).until(() -> fx.listener.films.containsKey(book));
        assertThat(fx.kling.creates).hasSize(2).doesNotHaveDuplicates();
        assertThat(fx.merger.normalised).extracting(FakeMerger.Normalised::clip)
                .containsOnlyOnce("video of the first clip, stored before the crash");
        assertThat(fx.merger.merged).singleElement().satisfies(files -> assertThat(files.get(0))
                .isEqualTo("normalised to " + CANVAS + ": video of the first clip, stored before the crash"));
        assertThat(fx.clips(book).get(0).blob()).as("not downloaded again").isEqualTo(fetched);
    }

    @Test
    void clipsOfOneModelThatAlreadySitOnTheCanvasAreKeptAsTheyCameAndTheFilmIsACopyOfThem() throws Exception {
        fx.merger.fits = (clip, canvas) -> canvas.key().equals(CANVAS);
        DbSchedulerGenerationEngine engine = fx.engine();
        engine.startWorkers();
        String book = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults(), "one", "two", "three");
        engine.start(book, LIMIT);

        await().atMost(WAIT).until(() -> fx.listener.films.containsKey(book));
        assertThat(fx.merger.normalised).as("nothing encoded").isEmpty();
        assertThat(fx.merger.merged).singleElement().satisfies(files -> {
            assertThat(files).hasSize(3).allMatch(f -> f.startsWith("video of task-"));
            assertThat(files.get(0)).endsWith("clip:one");
            assertThat(files.get(2)).endsWith("clip:three");
        });
        for (Clip k : fx.clips(book)) {
            assertThat(fx.single("SELECT normalised_blob FROM clip WHERE id = ?", k.id())).as("its own file")
                    .isEqualTo(k.blob());
            assertThat(fx.single("SELECT canvas FROM clip WHERE id = ?", k.id())).isEqualTo(CANVAS);
        }
        assertThat(fx.kling.creates).hasSize(3).doesNotHaveDuplicates();
    }

    @Test
    void aBlankTitleWithTheTitleCardOnIsNoTextTheClipsAreKeptAsTheyCameAndTheMergeBurnsNoTitle() throws Exception {
        fx.merger.fits = (clip, canvas) -> canvas.key().equals(CANVAS);
        DbSchedulerGenerationEngine engine = fx.engine();
        engine.startWorkers();
        String blank = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults().withTitleCard(true), "one", "two");
        fx.sql("UPDATE storybook SET title = '   ' WHERE id = ?", blank);
        engine.start(blank, LIMIT);
        await().atMost(WAIT).until(() -> fx.listener.films.containsKey(blank));
        assertThat(fx.merger.normalised).as("nothing encoded").isEmpty();
        assertThat(fx.merger.calls).singleElement().satisfies(o -> assertThat(o.burnsText()).isFalse());

        // the same film with a title is encoded clip by clip, the title burned into the first
        String titled = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults().withTitleCard(true), "one", "two");
        fx.sql("UPDATE storybook SET title = 'Summer' WHERE id = ?", titled);
        engine.start(titled, LIMIT);
        await().atMost(WAIT).until(() -> fx.listener.films.containsKey(titled));
        assertThat(fx.merger.normalised).hasSize(2);
        assertThat(fx.merger.normalised).filteredOn(n -> n.text().title() != null).singleElement()
                .satisfies(n -> {
                    assertThat(n.text().title()).isEqualTo("Summer");
                    assertThat(n.clip()).endsWith("clip:one");
                });
    }

    @Test
    void aFilmWhoseScenesUseTwoProvidersIsStillNormalisedClipByClipThoughItsClipsSitOnTheCanvas() throws Exception {
        fx.merger.fits = (clip, canvas) -> true;
        fx.keys("TELEGRAM:7", "minimax");
        DbSchedulerGenerationEngine engine = fx.engine();
        engine.startWorkers();
        String book = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults(), "one", "two", "three");
        fx.sql("UPDATE scene SET provider = 'minimax' WHERE storybook_id = ? AND position = 2", book);
        engine.start(book, LIMIT);

        await().atMost(WAIT).until(() -> fx.listener.films.containsKey(book));
        assertThat(fx.clips(book)).extracting(Clip::provider).containsExactly("kling", "minimax", "kling");
        assertThat(fx.merger.normalised).hasSize(3);
        assertThat(fx.merger.merged).singleElement().satisfies(files ->
                assertThat(files).allMatch(f -> f.startsWith("normalised to " + CANVAS + ": ")));
    }

    @Test
    void aFilmOfOneModelWhosePhotosHaveTwoShapesIsStillNormalisedClipByClip() throws Exception {
        fx.merger.fits = (clip, canvas) -> true;
        DbSchedulerGenerationEngine engine = fx.engine();
        engine.startWorkers();
        String book = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults(), "one", "two");
        fx.sql("UPDATE scene SET width = 720, height = 1280 WHERE storybook_id = ? AND position = 2", book);
        engine.start(book, LIMIT);

        await().atMost(WAIT).until(() -> fx.listener.films.containsKey(book));
        assertThat(fx.merger.normalised).hasSize(2);
    }
}
