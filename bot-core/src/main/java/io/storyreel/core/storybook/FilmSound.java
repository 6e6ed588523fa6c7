package io.storyreel.core.storybook;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The film's own sound, beyond the music file itself ({@link StorybookSettings#musicBlob()}): whether the clips'
 * sound is kept ({@code clipSoundOff} false, the default, so settings stored before this read as before), the music
 * file's name as the user sent it (for the summary), the fade-out at the film's end in seconds (null: the default),
 * whether music shorter than the film plays once ({@code musicOnce}) instead of looping, and how many decibels the
 * music ducks under the clips' sound ({@code musicDuckDb}, null: the default; 0 keeps it level). Music longer than the
 * film is always trimmed to it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FilmSound(boolean clipSoundOff, String musicName, Double musicFadeSeconds, boolean musicOnce,
                        Double musicDuckDb) {
    public static final double DEFAULT_FADE_SECONDS = 2.0;
    public static final double MAX_FADE_SECONDS = 10.0;
    /** Music 12 dB down (a quarter of its level) under speech or effects keeps both heard, as film mixes do. */
    public static final double DEFAULT_DUCK_DB = 12.0;
    /** Beyond 30 dB the music is as good as gone under the clips: "music off" says that better. */
    public static final double MAX_DUCK_DB = 30.0;
    public static final FilmSound DEFAULT = new FilmSound(false, null, null, false, null);

    /** The sound as it was before the duck level was a setting (the default duck). */
    public FilmSound(boolean clipSoundOff, String musicName, Double musicFadeSeconds, boolean musicOnce) {
        this(clipSoundOff, musicName, musicFadeSeconds, musicOnce, null);
    }

    public boolean clipSound() {
        return !clipSoundOff;
    }

    public double fadeSeconds() {
        return musicFadeSeconds == null ? DEFAULT_FADE_SECONDS : musicFadeSeconds;
    }

    /** How far the music ducks under the clips' sound, in decibels (0 to {@link #MAX_DUCK_DB}). */
    public double duckDb() {
        return musicDuckDb == null ? DEFAULT_DUCK_DB : musicDuckDb;
    }

    public FilmSound withClipSound(boolean on) {
        return new FilmSound(!on, musicName, musicFadeSeconds, musicOnce, musicDuckDb);
    }

    public FilmSound withMusicName(String name) {
        return new FilmSound(clipSoundOff, name, musicFadeSeconds, musicOnce, musicDuckDb);
    }

    public FilmSound withFade(double seconds) {
        return new FilmSound(clipSoundOff, musicName, seconds, musicOnce, musicDuckDb);
    }

    public FilmSound withLoop(boolean loop) {
        return new FilmSound(clipSoundOff, musicName, musicFadeSeconds, !loop, musicDuckDb);
    }

    public FilmSound withDuck(double decibels) {
        return new FilmSound(clipSoundOff, musicName, musicFadeSeconds, musicOnce, decibels);
    }
}
