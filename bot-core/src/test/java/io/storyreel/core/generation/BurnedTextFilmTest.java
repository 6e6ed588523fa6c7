package io.storyreel.core.generation;

import io.storyreel.core.storybook.StorybookSettings;
import io.storyreel.core.video.BurnedText;
import io.storyreel.core.video.Canvas;
import io.storyreel.core.video.ClipInfo;
import io.storyreel.core.video.JavacvMerger;
import io.storyreel.core.video.MergeOptions;
import io.storyreel.core.video.MergeResult;
import io.storyreel.core.video.Merger;
import io.storyreel.core.video.SyntheticClip;
import io.storyreel.core.video.testing.Mp4Checks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A captioned, titled film through the engine with the real JavaCV merger: each clip's caption (and the title on the
 * first clip's first second) is burned in as the clip is normalised, so the film still merges by copy; a caption
 * edited after its clip was normalised is normalised again at the merge, and the film shows the new one. The fake
 * provider's "videos" are text; {@link RealClips} stands a real 1 s 720p24 clip in for each, so every picture below
 * was really normalised, burned and merged. The canvas is 1280x720@24/1.
 */
class BurnedTextFilmTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final long LIMIT = 50L * 1024 * 1024;
    private static final String SHORT = "Hi";
    private static final String LONG = "A much longer caption that runs across the frame";

    @TempDir
    Path dir;
    EngineFixture fx;
    RealClips real;

    @BeforeEach
    void setUp() {
        assumeTrue(Files.isReadable(JavacvMerger.DEFAULT_FONT), "the captions' font is installed");
        fx = new EngineFixture(dir);
        fx.keys("TELEGRAM:7", "kling");
        real = new RealClips(dir.resolve("real"));
        fx.mergerInUse = real;
    }

    @AfterEach
    void tearDown() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void captionsAndTitleAreBurnedAsClipsLandAndAnEditedCaptionIsNormalisedAgainForTheFilm() throws Exception {
        Set<String> made = ConcurrentHashMap.newKeySet();
        fx.kling.runFor = clipId -> made.contains(clipId) ? Duration.ZERO : Duration.ofHours(1);
        DbSchedulerGenerationEngine engine = fx.engine();
        engine.startWorkers();
        StorybookSettings settings = StorybookSettings.defaults().withCaptions(true).withTitleCard(true);
        String book = fx.storybook("TELEGRAM:7", "kling", settings, SHORT, SHORT, SHORT);
        fx.sql("UPDATE storybook SET title = ? WHERE id = ?", "SUMMER BY THE SEA", book);
        engine.start(book, LIMIT);
        List<Clip> clips = fx.clips(book);
        made.add(clips.get(0).id());
        made.add(clips.get(1).id());
        await().atMost(WAIT).until(() -> real.normalised.size() == 2);

        // clip 2's caption is edited after it was normalised with the old one
        String scene2 = clips.get(1).sceneId();
        fx.sql("UPDATE scene SET prompt = ? WHERE id = ?", LONG, scene2);
        made.add(clips.get(2).id());
        // the recording listener reads films as text, so a real MP4 is awaited as the film's row
        await().atMost(WAIT).until(() -> fx.single("SELECT blob FROM film WHERE storybook_id = ?", book) != null);

        assertThat(fx.single("SELECT merge_path FROM film WHERE storybook_id = ?", book))
                .as("text burned as the clips landed: the film is a copy of them").isEqualTo("copy");
        assertThat(real.merges).singleElement().satisfies(o -> {
            assertThat(o.burnsText()).as("the merge burns nothing itself").isFalse();
        });
        Path film = fx.blobs.path(fx.single("SELECT blob FROM film WHERE storybook_id = ?", book));
        Path plain = real.plainFilm(fx.clips(book).stream().map(k -> fx.blobs.path(k.blob())).toList(),
                dir.resolve("plain.mp4"));
        Mp4Checks.Report rep = Mp4Checks.inspect(film);
        assertThat(rep.width()).isEqualTo(1280);
        assertThat(rep.videoSeconds()).isCloseTo(3.0, within(0.05));
        // every clip's caption box darkens the middle of the picture's bottom, against the same film without text
        for (double t : new double[]{0.5, 1.5, 2.5}) {
            assertThat(Mp4Checks.lumaAt(film, t, 636, 640, 8)).as("caption at %.1f s", t)
                    .isNotCloseTo(Mp4Checks.lumaAt(plain, t, 636, 640, 8), within(8.0));
        }
        // the edited (long) caption reaches a quarter of the width on clip 2 only; the short ones do not
        assertThat(Mp4Checks.lumaAt(film, 1.5, 300, 640, 8)).as("clip 2 shows the edited caption")
                .isNotCloseTo(Mp4Checks.lumaAt(plain, 1.5, 300, 640, 8), within(8.0));
        for (double t : new double[]{0.5, 2.5}) {
            assertThat(Mp4Checks.lumaAt(film, t, 300, 640, 8)).as("short caption at %.1f s", t)
                    .isCloseTo(Mp4Checks.lumaAt(plain, t, 300, 640, 8), within(4.0));
        }
        // the title over the first clip's first second only, in the middle of the picture
        assertThat(Mp4Checks.lumaAt(film, 0.4, 636, 356, 8))
                .isNotCloseTo(Mp4Checks.lumaAt(plain, 0.4, 636, 356, 8), within(8.0));
        assertThat(Mp4Checks.lumaAt(film, 1.5, 636, 356, 8))
                .isCloseTo(Mp4Checks.lumaAt(plain, 1.5, 636, 356, 8), within(4.0));
        assertThat(real.normalised).extracting(BurnedText::caption)
                .as("landing: SHORT, SHORT, SHORT; at the merge clip 2 again with the edited caption")
                .containsExactly(SHORT, SHORT, SHORT, LONG);
        assertThat(real.normalised).extracting(BurnedText::title).as("the title on the first clip only")
                .containsOnlyOnce("SUMMER BY THE SEA").hasSize(4);
        assertThat(real.normalised.get(3).title()).isNull();

        // clip 2 normalised at the merge is kept: a redo of clip 3 normalises the new clip 3 alone, and the next film
        // is again a copy with clip 2's edited caption
        Clip second = fx.clips(book).get(1);
        String longKey = real.normalised.get(3).keyOn(Canvas.of(16 / 9.0, 720, 24));
        assertThat(fx.single("SELECT canvas FROM clip WHERE id = ?", second.id())).as("recorded with its new text")
                .endsWith(longKey.substring(longKey.indexOf('~')));
        String firstFilm = fx.single("SELECT blob FROM film WHERE storybook_id = ?", book);
        fx.kling.runFor = clipId -> Duration.ZERO;
        await().atMost(WAIT).until(() -> "DONE".equals(fx.state(book)));
        engine.retryClip(book, 3);
        await().atMost(WAIT).until(() -> "DONE".equals(fx.state(book)) && Integer.parseInt(fx.single(
                "SELECT COUNT(*) FROM film WHERE storybook_id = ? AND blob IS NOT NULL", book)) == 2);
        assertThat(real.normalised).extracting(BurnedText::caption).as("only the new clip 3 is normalised")
                .containsExactly(SHORT, SHORT, SHORT, LONG, SHORT);
        assertThat(real.merges).hasSize(2).allSatisfy(o -> assertThat(o.burnsText()).isFalse());
        Path next = fx.blobs.path(fx.single("SELECT blob FROM film WHERE storybook_id = ? AND blob <> ?", book,
                firstFilm));
        assertThat(Mp4Checks.lumaAt(next, 1.5, 300, 640, 8)).as("the next film still shows the edited caption")
                .isNotCloseTo(Mp4Checks.lumaAt(plain, 1.5, 300, 640, 8), within(8.0));
    }

    /**
     * The real JavaCV merger, given for each of the fake provider's text "videos" a real clip (1 s, 1280x720 at 24
     * fps, a tone of its own) made on first sight; records the text each normalisation burned and each merge's options.
     */
    static final class RealClips implements Merger {
        final List<BurnedText> normalised = new CopyOnWriteArrayList<>();
        final List<MergeOptions> merges = new CopyOnWriteArrayList<>();
        private final JavacvMerger merger = new JavacvMerger();
        private final Map<String, Path> clips = new ConcurrentHashMap<>();
        private final java.util.concurrent.atomic.AtomicInteger made = new java.util.concurrent.atomic.AtomicInteger();
        private final Path dir;

        RealClips(Path dir) {
            this.dir = dir;
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public List<ClipInfo> probe(List<Path> files) {
            return merger.probe(files.stream().map(this::real).toList());
        }

        @Override
        public MergeResult normalise(Path clip, Canvas canvas, BurnedText text, Path target) {
            normalised.add(text);
            return merger.normalise(real(clip), canvas, text, target);
        }

        @Override
        public MergeResult merge(List<Path> files, MergeOptions options, Path target) {
            merges.add(options);
            return merger.merge(files.stream().map(this::real).toList(), options, target);
        }

        /** The film's clips (the provider's files, in order) normalised and merged with no text: the reference. */
        Path plainFilm(List<Path> originals, Path out) {
            List<Path> on = originals.stream().map(p -> {
                Path n = out.resolveSibling("plain-" + p.getFileName() + ".mp4");
                merger.normalise(real(p), Canvas.of(16 / 9.0, 720, 24), n);
                return n;
            }).toList();
            return merger.merge(on, MergeOptions.defaults(), out).output();
        }

        private Path real(Path file) {
            String text;
            try {
                text = Files.size(file) > 4096 ? "" : Files.readString(file, StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!text.startsWith("video of ")) {
                return file; // a real MP4 already (a normalised clip)
            }
            return clips.computeIfAbsent(text, t -> {
                int n = made.incrementAndGet();
                return SyntheticClip.of(1280, 720, 24, 1.0).withTone(300 + 100 * n).writeTo(dir.resolve("c" + n + ".mp4"));
            });
        }
    }
}
