package io.storyreel.core.video;

import io.storyreel.core.video.testing.Mp4Checks;
import io.storyreel.core.video.testing.TestClips;
import io.storyreel.core.video.testing.Tones;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * A music bed under a merged film, measured on the decoded sound: the music is a 200 Hz tone (a WAV made here),
 * shorter than the film so it must loop; clip 1 sounds at 1000 Hz, clip 2 is silent, clip 3 sounds at 1500 Hz.
 */
class MusicMixerTest {
    static final double MUSIC_HZ = 200;
    static final double CLIP = 2.0;

    @TempDir
    static Path dir;
    static Path film;
    static Path music;

    @BeforeAll
    static void film() throws Exception {
        List<Path> clips = List.of(
                TestClips.write(dir, "a.mp4", SyntheticClip.of(320, 240, 24, CLIP).withTone(1000)),
                TestClips.write(dir, "b.mp4", SyntheticClip.of(320, 240, 24, CLIP).withoutAudio()),
                TestClips.write(dir, "c.mp4", SyntheticClip.of(320, 240, 24, CLIP).withTone(1500)));
        film = dir.resolve("film.mp4");
        new JavacvMerger().merge(clips, MergeOptions.defaults(), film);
        music = Tones.writeWav(dir.resolve("music.wav"), 1.3, MUSIC_HZ, 0.8);
    }

    @Test
    void musicRunsUnderEveryCutLoopedDuckedUnderClipSoundAndFadedOut() throws Exception {
        Path out = dir.resolve("bed.mp4");
        new MusicMixer().mix(film, new SoundPlan(true, music, 0.5, 1.5, true, -12), out);

        Mp4Checks.Report before = Mp4Checks.inspect(film);
        Mp4Checks.Report rep = Mp4Checks.inspect(out);
        assertThat(rep.frames()).isEqualTo(before.frames());
        assertThat(rep.videoSeconds()).isCloseTo(before.videoSeconds(), within(0.01));
        assertThat(rep.audioSeconds()).isCloseTo(rep.videoSeconds(), within(0.04));
        assertThat(Mp4Checks.moovBeforeMdat(out)).isTrue();

        float[] pcm = Mp4Checks.decodeAudio(out);
        // under the silent clip the music is at its volume (0.8 x 0.5); it loops past its own 1.3 s
        double open = Tones.amplitude(pcm, 2.5, 3.5, MUSIC_HZ);
        assertThat(open).isCloseTo(0.4, within(0.05));
        // present across both cuts (windows spanning each join)
        for (double join : new double[]{CLIP, 2 * CLIP}) {
            assertThat(Tones.amplitude(pcm, join - 0.2, join + 0.2, MUSIC_HZ)).as("music at the cut %s s", join)
                    .isGreaterThan(0.05);
        }
        // ducked by 12 dB (x 0.25) where the clips sound, and the clips' own tones are still there
        double ducked = Tones.amplitude(pcm, 0.5, 1.5, MUSIC_HZ);
        assertThat(ducked / open).isBetween(0.18, 0.33);
        assertThat(Tones.amplitude(pcm, 0.5, 1.5, 1000)).isGreaterThan(0.1);
        // faded out over the last 1.5 s: in the last half second the music is far below its (ducked) level before
        double end = rep.audioSeconds();
        assertThat(Tones.amplitude(pcm, end - 0.5, end, MUSIC_HZ))
                .isLessThan(0.3 * Tones.amplitude(pcm, end - 1.9, end - 1.5, MUSIC_HZ));
    }

    @Test
    void anotherDuckLevelGivesTheMatchingRatio() throws Exception {
        // 6 dB down is half the music's level, 20 dB a tenth (measured on the sound, as above)
        for (double db : new double[]{-6, -20}) {
            Path out = dir.resolve("duck" + (int) -db + ".mp4");
            new MusicMixer().mix(film, new SoundPlan(true, music, 0.5, 1.5, true, db), out);
            float[] pcm = Mp4Checks.decodeAudio(out);
            double ratio = Tones.amplitude(pcm, 0.5, 1.5, MUSIC_HZ) / Tones.amplitude(pcm, 2.5, 3.5, MUSIC_HZ);
            assertThat(ratio).as("%s dB", db).isCloseTo(Math.pow(10, db / 20), within(0.25 * Math.pow(10, db / 20)));
        }
    }

    @Test
    void withClipSoundOffOnlyTheMusicIsHeardAndNeverDucked() throws Exception {
        Path out = dir.resolve("music-only.mp4");
        new MusicMixer().mix(film, new SoundPlan(false, music, 0.5, 1.5, true, -12), out);
        float[] pcm = Mp4Checks.decodeAudio(out);
        // faded out: the last half second is far quieter than the middle of the film
        double end = pcm.length / (double) Tones.RATE;
        assertThat(Tones.rms(pcm, end - 0.5, end)).isLessThan(0.3 * Tones.rms(pcm, 2.5, 3.5));
        double underClip = Tones.amplitude(pcm, 0.5, 1.5, MUSIC_HZ);
        double underSilence = Tones.amplitude(pcm, 2.5, 3.5, MUSIC_HZ);
        assertThat(underClip / underSilence).isBetween(0.9, 1.1);
        assertThat(Tones.amplitude(pcm, 0.5, 1.5, 1000)).isLessThan(0.01);
        assertThat(Tones.amplitude(pcm, 4.5, 5.5, 1500)).isLessThan(0.01);
    }

    @Test
    void clipSoundOffWithoutMusicLeavesASilentTrack() throws Exception {
        Path out = dir.resolve("silent.mp4");
        new MusicMixer().mix(film, new SoundPlan(false, null, 0.5, 2, true, -12), out);
        float[] pcm = Mp4Checks.decodeAudio(out);
        assertThat(Tones.rms(pcm, 0, 6)).isLessThan(0.001);
        assertThat(Mp4Checks.moovBeforeMdat(out)).isTrue();
    }

    @Test
    void musicThatPlaysOnceFallsSilentAfterItsEnd() throws Exception {
        Path out = dir.resolve("once.mp4");
        new MusicMixer().mix(film, new SoundPlan(false, music, 0.5, 0, false, -12), out);
        float[] pcm = Mp4Checks.decodeAudio(out);
        assertThat(Tones.amplitude(pcm, 0.2, 1.0, MUSIC_HZ)).isGreaterThan(0.3);
        assertThat(Tones.rms(pcm, 2.0, 5.5)).isLessThan(0.001);
    }

    @Test
    void aMusicFileIsMeasuredAndAFileThatIsNoSoundIsRefused() throws Exception {
        assertThat(MusicFile.seconds(music)).isCloseTo(1.3, within(0.05));
        Path text = Files.writeString(dir.resolve("notes.mp3"), "this is not sound at all");
        assertThatThrownBy(() -> MusicFile.seconds(text)).isInstanceOf(VideoException.class);
        Path silentFilm = TestClips.write(dir, "mute.mp4", SyntheticClip.of(160, 120, 24, 0.5).withoutAudio());
        assertThatThrownBy(() -> MusicFile.seconds(silentFilm)).isInstanceOf(VideoException.class)
                .hasMessageContaining("no sound");
    }
}
