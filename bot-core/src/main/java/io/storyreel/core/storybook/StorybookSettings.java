package io.storyreel.core.storybook;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A storybook's choices, stored as JSON in {@code storybook.settings_json}. Null fields mean "the provider's
 * default". {@code styleSuffix} is appended to every prompt; {@code crossfadeSeconds} 0 means hard cuts;
 * {@code captions} burns each scene's prompt in as a subtitle; {@code musicBlob} is an audio blob the user sent;
 * {@code parameters} are values for the model's declared parameters (name to canonical text, see
 * {@link io.storyreel.core.provider.ParameterSpec}); a parameter left out takes its declared default.
 * {@code film} is clips or bridges, {@code aspect} the film's shape and {@code fit} how photos of another shape fit it;
 * {@code titleCard} burns the storybook's title over the film's first second; {@code sound} is the film's own sound
 * (clip sound on or off, the music's name, fade and looping; the music itself is {@code musicBlob} at
 * {@code musicVolume}, 0 to 1).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StorybookSettings(String model, String mode, Integer durationSeconds, String resolution,
                                String negativePrompt, String styleSuffix, double crossfadeSeconds, boolean captions,
                                String musicBlob, double musicVolume,
                                @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> parameters,
                                FilmMode film, LastPhoto lastPhoto, Aspect aspect, Fit fit, boolean titleCard,
                                FilmSound sound) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * {@code film} null reads as {@link FilmMode#CLIPS}, {@code lastPhoto} null as {@link LastPhoto#CLIP},
     * {@code aspect} null as "from the first photo", {@code fit} null as {@link Fit#CROP}, {@code parameters} null
     * as none (settings stored before these existed read the same as before).
     */
    public StorybookSettings {
        parameters = parameters == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(parameters));
        film = film == null ? FilmMode.CLIPS : film;
        lastPhoto = lastPhoto == null ? LastPhoto.CLIP : lastPhoto;
        fit = fit == null ? Fit.CROP : fit;
        sound = sound == null ? FilmSound.DEFAULT : sound;
    }

    /** The settings as they were before model parameters, film modes and aspect ratios. */
    public StorybookSettings(String model, String mode, Integer durationSeconds, String resolution,
                             String negativePrompt, String styleSuffix, double crossfadeSeconds, boolean captions,
                             String musicBlob, double musicVolume) {
        this(model, mode, durationSeconds, resolution, negativePrompt, styleSuffix, crossfadeSeconds, captions,
                musicBlob, musicVolume, Map.of(), null, null, null, null, false, null);
    }

    /** The settings with model parameters, as clips with no fixed aspect. */
    public StorybookSettings(String model, String mode, Integer durationSeconds, String resolution,
                             String negativePrompt, String styleSuffix, double crossfadeSeconds, boolean captions,
                             String musicBlob, double musicVolume, Map<String, String> parameters) {
        this(model, mode, durationSeconds, resolution, negativePrompt, styleSuffix, crossfadeSeconds, captions,
                musicBlob, musicVolume, parameters, null, null, null, null, false, null);
    }

    /** The settings with a film mode and aspect, and no model parameters. */
    public StorybookSettings(String model, String mode, Integer durationSeconds, String resolution,
                             String negativePrompt, String styleSuffix, double crossfadeSeconds, boolean captions,
                             String musicBlob, double musicVolume, FilmMode film, LastPhoto lastPhoto,
                             Aspect aspect, Fit fit, boolean titleCard) {
        this(model, mode, durationSeconds, resolution, negativePrompt, styleSuffix, crossfadeSeconds, captions,
                musicBlob, musicVolume, Map.of(), film, lastPhoto, aspect, fit, titleCard, null);
    }

    /** How the photos become clips: each animated on its own, or each clip flowing into the next photo. */
    public enum FilmMode { CLIPS, BRIDGES }

    /** In bridges mode, what the last photo gets: a clip of its own, or nothing (the film ends on it). */
    public enum LastPhoto { CLIP, HOLD }

    /** How a photo of another shape is fitted to the film's aspect ratio. */
    public enum Fit { CROP, PAD }

    public static StorybookSettings defaults() {
        return new StorybookSettings(null, null, null, null, null, null, 0, false, null, 0.3);
    }

    public String promptFor(String scenePrompt) {
        String p = scenePrompt == null ? "" : scenePrompt.strip();
        return styleSuffix == null || styleSuffix.isBlank() ? p : p + ", " + styleSuffix.strip();
    }

    public boolean bridges() {
        return film == FilmMode.BRIDGES;
    }

    /** These settings with the provider's own choices (model, mode, duration, resolution, parameters) back to its defaults. */
    public StorybookSettings neutral() {
        return new StorybookSettings(null, null, null, null, negativePrompt, styleSuffix, crossfadeSeconds, captions,
                musicBlob, musicVolume, Map.of(), film, lastPhoto, aspect, fit, titleCard, sound);
    }

    public StorybookSettings withModel(String m) {
        return new StorybookSettings(m, mode, durationSeconds, resolution, negativePrompt, styleSuffix, crossfadeSeconds,
                captions, musicBlob, musicVolume, parameters, film, lastPhoto, aspect, fit, titleCard, sound);
    }

    public StorybookSettings withMode(String m) {
        return new StorybookSettings(model, m, durationSeconds, resolution, negativePrompt, styleSuffix, crossfadeSeconds,
                captions, musicBlob, musicVolume, parameters, film, lastPhoto, aspect, fit, titleCard, sound);
    }

    public StorybookSettings withDuration(Integer d) {
        return new StorybookSettings(model, mode, d, resolution, negativePrompt, styleSuffix, crossfadeSeconds,
                captions, musicBlob, musicVolume, parameters, film, lastPhoto, aspect, fit, titleCard, sound);
    }

    public StorybookSettings withResolution(String r) {
        return new StorybookSettings(model, mode, durationSeconds, r, negativePrompt, styleSuffix, crossfadeSeconds,
                captions, musicBlob, musicVolume, parameters, film, lastPhoto, aspect, fit, titleCard, sound);
    }

    public StorybookSettings withNegativePrompt(String n) {
        return new StorybookSettings(model, mode, durationSeconds, resolution, n, styleSuffix, crossfadeSeconds,
                captions, musicBlob, musicVolume, parameters, film, lastPhoto, aspect, fit, titleCard, sound);
    }

    public StorybookSettings withStyleSuffix(String s) {
        return new StorybookSettings(model, mode, durationSeconds, resolution, negativePrompt, s, crossfadeSeconds,
                captions, musicBlob, musicVolume, parameters, film, lastPhoto, aspect, fit, titleCard, sound);
    }

    public StorybookSettings withCrossfade(double s) {
        return new StorybookSettings(model, mode, durationSeconds, resolution, negativePrompt, styleSuffix, s,
                captions, musicBlob, musicVolume, parameters, film, lastPhoto, aspect, fit, titleCard, sound);
    }

    public StorybookSettings withCaptions(boolean c) {
        return new StorybookSettings(model, mode, durationSeconds, resolution, negativePrompt, styleSuffix,
                crossfadeSeconds, c, musicBlob, musicVolume, parameters, film, lastPhoto, aspect, fit, titleCard, sound);
    }

    public StorybookSettings withMusic(String blob, double volume) {
        return new StorybookSettings(model, mode, durationSeconds, resolution, negativePrompt, styleSuffix,
                crossfadeSeconds, captions, blob, volume, parameters, film, lastPhoto, aspect, fit, titleCard, sound);
    }

    /** The same settings with one parameter set to {@code value}, or cleared when it is null. */
    public StorybookSettings withParameter(String name, String value) {
        Map<String, String> next = new LinkedHashMap<>(parameters);
        if (value == null) {
            next.remove(name);
        } else {
            next.put(name, value);
        }
        return withParameters(next);
    }

    public StorybookSettings withParameters(Map<String, String> values) {
        return new StorybookSettings(model, mode, durationSeconds, resolution, negativePrompt, styleSuffix,
                crossfadeSeconds, captions, musicBlob, musicVolume, values, film, lastPhoto, aspect, fit, titleCard, sound);
    }

    public StorybookSettings withFilm(FilmMode f) {
        return new StorybookSettings(model, mode, durationSeconds, resolution, negativePrompt, styleSuffix,
                crossfadeSeconds, captions, musicBlob, musicVolume, parameters, f, lastPhoto, aspect, fit, titleCard, sound);
    }

    public StorybookSettings withLastPhoto(LastPhoto l) {
        return new StorybookSettings(model, mode, durationSeconds, resolution, negativePrompt, styleSuffix,
                crossfadeSeconds, captions, musicBlob, musicVolume, parameters, film, l, aspect, fit, titleCard, sound);
    }

    public StorybookSettings withAspect(Aspect a) {
        return new StorybookSettings(model, mode, durationSeconds, resolution, negativePrompt, styleSuffix,
                crossfadeSeconds, captions, musicBlob, musicVolume, parameters, film, lastPhoto, a, fit, titleCard, sound);
    }

    public StorybookSettings withFit(Fit f) {
        return new StorybookSettings(model, mode, durationSeconds, resolution, negativePrompt, styleSuffix,
                crossfadeSeconds, captions, musicBlob, musicVolume, parameters, film, lastPhoto, aspect, f, titleCard, sound);
    }

    public StorybookSettings withTitleCard(boolean on) {
        return new StorybookSettings(model, mode, durationSeconds, resolution, negativePrompt, styleSuffix,
                crossfadeSeconds, captions, musicBlob, musicVolume, parameters, film, lastPhoto, aspect, fit, on, sound);
    }

    public StorybookSettings withSound(FilmSound s) {
        return new StorybookSettings(model, mode, durationSeconds, resolution, negativePrompt, styleSuffix,
                crossfadeSeconds, captions, musicBlob, musicVolume, parameters, film, lastPhoto, aspect, fit, titleCard, s);
    }

    /** The music the user sent ({@code blob} named {@code name}), or none when {@code blob} is null. */
    public StorybookSettings withMusicFile(String blob, String name) {
        return withMusic(blob, musicVolume).withSound(sound.withMusicName(blob == null ? null : name));
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static StorybookSettings fromJson(String json) {
        if (json == null || json.isBlank()) {
            return defaults();
        }
        try {
            return JSON.readValue(json, StorybookSettings.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt storybook settings", e);
        }
    }
}
