package io.storyreel.core.generation;

import io.storyreel.core.storage.BlobStore;
import io.storyreel.core.storybook.StorybookSettings;
import io.storyreel.core.video.JavacvMerger;
import io.storyreel.core.video.MergeOptions;
import io.storyreel.core.video.MusicMixer;
import io.storyreel.core.video.SyntheticClip;
import io.storyreel.core.video.testing.Mp4Checks;
import io.storyreel.core.video.testing.TestClips;
import io.storyreel.core.video.testing.Tones;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The film step's sound hook with the real merger and mixer: a film whose settings ask for nothing is left as it is;
 * music is mixed in; a film the new sound track takes over the chat's limit is fitted under it again, music and all;
 * the music ducks under the clips' sound by the storybook's own level ({@code settings music duck N}).
 */
class SoundStepTest {
    @TempDir
    Path dir;

    @Test
    void nothingAskedLeavesTheFilmMusicIsMixedAndTheLimitStillHolds() throws Exception {
        BlobStore blobs = BlobStore.files(dir.resolve("blobs"));
        JavacvMerger merger = new JavacvMerger();
        SoundStep step = new SoundStep(blobs, merger, new MusicMixer());
        List<Path> clips = List.of(
                TestClips.write(dir, "a.mp4", SyntheticClip.of(320, 240, 24, 2.0).withoutAudio().heavy()),
                TestClips.write(dir, "b.mp4", SyntheticClip.of(320, 240, 24, 2.0).withoutAudio().heavy()));
        Path film = dir.resolve("film.mp4");
        merger.merge(clips, MergeOptions.defaults(), film);

        assertThat(step.apply("b1", StorybookSettings.defaults(), film, 0)).isEqualTo(film);

        String blob = blobs.put(new ByteArrayInputStream(Files.readAllBytes(
                Tones.writeWav(dir.resolve("theme.wav"), 1.0, 200, 0.8))));
        StorybookSettings withMusic = StorybookSettings.defaults().withMusicFile(blob, "theme.wav");
        Path mixed = step.apply("b1", withMusic, film, 0);
        assertThat(mixed).isNotEqualTo(film);
        assertThat(Tones.amplitude(Mp4Checks.decodeAudio(mixed), 0.2, 1.5, 200)).isGreaterThan(0.15);

        long limit = Files.size(mixed) * 7 / 10;
        Path fitted = step.apply("b1", withMusic, film, limit);
        assertThat(Files.size(fitted)).isLessThanOrEqualTo(limit);
        assertThat(Mp4Checks.inspect(fitted).videoSeconds()).isCloseTo(4.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(Tones.amplitude(Mp4Checks.decodeAudio(fitted), 0.2, 1.5, 200)).as("the music survives the fit")
                .isGreaterThan(0.15);
    }

    @Test
    void theMusicDucksUnderClipSoundByTheStorybooksOwnLevel() throws Exception {
        BlobStore blobs = BlobStore.files(dir.resolve("blobs"));
        JavacvMerger merger = new JavacvMerger();
        SoundStep step = new SoundStep(blobs, merger, new MusicMixer());
        // clip 1 sounds (1000 Hz), clip 2 is silent: the music is measured under each
        List<Path> clips = List.of(
                TestClips.write(dir, "a.mp4", SyntheticClip.of(320, 240, 24, 2.0).withTone(1000)),
                TestClips.write(dir, "b.mp4", SyntheticClip.of(320, 240, 24, 2.0).withoutAudio()));
        Path film = dir.resolve("film.mp4");
        merger.merge(clips, MergeOptions.defaults(), film);
        String blob = blobs.put(new ByteArrayInputStream(Files.readAllBytes(
                Tones.writeWav(dir.resolve("theme.wav"), 4.0, 200, 0.8))));
        StorybookSettings music = StorybookSettings.defaults().withMusicFile(blob, "theme.wav");
        // no fade-out, so the music under the silent clip is at its full level
        StorybookSettings withMusic = music.withSound(music.sound().withFade(0));

        // the default: 12 dB down, a quarter of the music's level
        assertThat(duckRatio(step.apply("b1", withMusic, film, 0))).isBetween(0.18, 0.33);
        // 6 dB: half; 20 dB: a tenth; 0: never ducked
        assertThat(duckRatio(step.apply("b1", withMusic.withSound(withMusic.sound().withDuck(6)), film, 0)))
                .isBetween(0.42, 0.6);
        assertThat(duckRatio(step.apply("b1", withMusic.withSound(withMusic.sound().withDuck(20)), film, 0)))
                .isBetween(0.06, 0.14);
        assertThat(duckRatio(step.apply("b1", withMusic.withSound(withMusic.sound().withDuck(0)), film, 0)))
                .isBetween(0.9, 1.1);
    }

    /** The music (200 Hz) under the sounding clip over the music under the silent one. */
    private static double duckRatio(Path mixed) throws Exception {
        float[] pcm = Mp4Checks.decodeAudio(mixed);
        double ducked = Tones.amplitude(pcm, 0.5, 1.5, 200);
        double open = Tones.amplitude(pcm, 2.5, 3.5, 200);
        return ducked / open;
    }
}
