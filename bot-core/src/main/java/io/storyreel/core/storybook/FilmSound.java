package io.storyreel.core.storybook;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The film's own sound, beyond the music file itself ({@link StorybookSettings#musicBlob()}): whether the clips'
 * sound is kept ({@code clipSoundOff} false, the default, so settings stored before this read as before), the music
 * file's name as the user sent it (for the summary), the fade-out at the film's end in seconds (null: the default),
 * and whether music shorter than the film plays once ({@code musicOnce}) instead of looping. Music longer than the film
 * is always trimmed to it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FilmSound(boolean clipSoundOff, String musicName, Double musicFadeSeconds, boolean musicOnce) {
    public static final double DEFAULT_FADE_SECONDS = 2.0;
    public static final double MAX_FADE_SECONDS = 10.0;
    public static final FilmSound DEFAULT = new FilmSound(false, null, null, false);

    public boolean clipSound() {
        return !clipSoundOff;
    }

    public double fadeSeconds() {
        return musicFadeSeconds == null ? DEFAULT_FADE_SECONDS : musicFadeSeconds;
    }

    public FilmSound withClipSound(boolean on) {
        return new FilmSound(!on, musicName, musicFadeSeconds, musicOnce);
    }

    public FilmSound withMusicName(String name) {
        return new FilmSound(clipSoundOff, name, musicFadeSeconds, musicOnce);
    }

    public FilmSound withFade(double seconds) {
        return new FilmSound(clipSoundOff, musicName, seconds, musicOnce);
    }

    public FilmSound withLoop(boolean loop) {
        return new FilmSound(clipSoundOff, musicName, musicFadeSeconds, !loop);
    }
}
