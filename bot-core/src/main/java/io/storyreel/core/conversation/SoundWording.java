package io.storyreel.core.conversation;

import io.storyreel.core.image.ImageInspector;
import io.storyreel.core.storybook.FilmSound;
import io.storyreel.core.storybook.StorybookSettings;

import java.util.Locale;

/** Everything the bot says about the film's own sound: clip sound on or off, and the music bed. */
final class SoundWording {
    private SoundWording() {
    }

    /** The settings card's sound line. */
    static String settingsLine(CommandWording cs, StorybookSettings s, boolean modelMakesSound) {
        return "Clip sound: " + clipSound(s, modelMakesSound) + " · Music: " + music(s) + "\n"
                + (s.musicBlob() == null ? Wording.capitalize(cs.addMusic()) + " to put music under the film.\n"
                : "Change with " + cs.setting("music", "volume 40") + ", " + cs.setting("music", "fade 3") + ", "
                + cs.setting("music", "duck 6") + ", " + cs.setting("music", "loop off") + "; "
                + cs.command("music", "off") + " removes it.\n");
    }

    /** The estimate's sound line: empty when the film keeps the clips' sound and has no music. */
    static String estimateLine(StorybookSettings s, boolean modelMakesSound) {
        if (s.sound().clipSound() && s.musicBlob() == null) {
            return "";
        }
        return "Sound: clip sound " + clipSound(s, modelMakesSound) + (s.musicBlob() == null ? ""
                : " · music " + music(s)) + "\n";
    }

    /** The film summary's sound line: empty when the film keeps the clips' sound and has no music. */
    static String captionLine(StorybookSettings s) {
        if (s == null || (s.sound().clipSound() && s.musicBlob() == null)) {
            return "";
        }
        String music = s.musicBlob() == null ? "" : "Music: " + name(s.sound());
        String clip = s.sound().clipSound() ? "" : "clip sound off";
        return "\n" + (music.isEmpty() ? "Clip sound off" : music + (clip.isEmpty() ? "" : " · " + clip));
    }

    private static String clipSound(StorybookSettings s, boolean modelMakesSound) {
        if (s.sound().clipSound()) {
            return modelMakesSound ? "on" : "on (this model makes silent clips)";
        }
        return modelMakesSound ? "off (this model's sound is removed when the clips are joined; its silent models cost less)"
                : "off";
    }

    private static String music(StorybookSettings s) {
        if (s.musicBlob() == null) {
            return "none";
        }
        FilmSound f = s.sound();
        return name(f) + " at " + percent(s.musicVolume()) + ", fade-out " + trim(f.fadeSeconds()) + " s, "
                + (f.musicOnce() ? "played once" : "looped") + " and trimmed to the film, " + duck(f);
    }

    /** How the music ducks under the clips' sound: "ducked 12 dB under clip sound", or "never ducked". */
    static String duck(FilmSound f) {
        return f.duckDb() == 0 ? "never ducked" : "ducked " + trim(f.duckDb()) + " dB under clip sound";
    }

    /** The music's name as the page shows it, unquoted. */
    static String shownName(FilmSound f) {
        return f.musicName() == null || f.musicName().isBlank() ? "your music" : f.musicName();
    }

    private static String name(FilmSound f) {
        return f.musicName() == null || f.musicName().isBlank() ? "your music" : "\"" + f.musicName() + "\"";
    }

    static String percent(double volume) {
        return Math.round(volume * 100) + " %";
    }

    private static String trim(double seconds) {
        return Wording.trim(seconds);
    }

    static String musicSaved(CommandWording cs, String name, double seconds, StorybookSettings s) {
        return "🎵 Music set: " + (name == null ? "your voice message" : "\"" + name + "\"") + " ("
                + minutes(seconds) + "). It plays under the whole film at " + percent(s.musicVolume())
                + ", softer where the clips have their own sound, and fades out over the last "
                + trim(s.sound().fadeSeconds()) + " s. " + cs.command("music", "off") + " removes it.";
    }

    static String musicRemoved() {
        return "Music removed: the film keeps only its clips' sound.";
    }

    static String noMusic(CommandWording cs) {
        return "This storybook has no music. " + Wording.capitalize(cs.addMusic()) + " to add some.";
    }

    static String musicUsage(CommandWording cs, boolean group) {
        return "To put music under the film, " + cs.addMusic() + " while the storybook is open"
                + (group && cs.addMusic().startsWith("send") ? " (here, as a reply to me or with " + cs.command("music")
                + " as its caption)" : "") + ". " + cs.command("music", "off") + " removes it.";
    }

    static String musicTooBig(String name, long bytes, long max) {
        return label(name) + " is " + ImageInspector.megabytes(bytes) + ", more than the "
                + ImageInspector.megabytes(max) + " I accept for music. Please send a smaller file.";
    }

    static String musicTooLong(String name, double seconds, int max) {
        return label(name) + " plays " + minutes(seconds) + ", longer than the " + minutes(max)
                + " I accept for music. Please send a shorter file.";
    }

    static String musicUnreadable(String name) {
        return "I couldn't use " + (name == null || name.isBlank() ? "that file" : "\"" + name + "\"")
                + " as music: it doesn't decode as sound. Please send an mp3, m4a, ogg, wav or flac file.";
    }

    static String musicWhileRunning(CommandWording cs) {
        return "The film is being made right now, so its music can't change. Wait for it, or " + cs.cancel() + ".";
    }

    /** A refused {@code /settings music ...} or {@code /settings sound ...}. */
    static String soundUsage() {
        return "clip sound is \"on\" or \"off\".";
    }

    static String musicSettingUsage() {
        return "music takes \"volume 0-100\", \"fade 0-" + trim(FilmSound.MAX_FADE_SECONDS) + "\" (seconds), \"duck 0-"
                + trim(FilmSound.MAX_DUCK_DB) + "\" (decibels under the clips' sound), \"loop on\" or \"loop off\", "
                + "or \"off\".";
    }

    private static String label(String name) {
        return name == null || name.isBlank() ? "That file" : "\"" + name + "\"";
    }

    private static String minutes(double seconds) {
        long s = Math.round(seconds);
        return s < 60 ? s + " s" : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
