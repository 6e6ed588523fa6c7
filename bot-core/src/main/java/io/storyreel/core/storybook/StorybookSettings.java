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
        return edit(e -> {
            e.model = null;
            e.mode = null;
            e.durationSeconds = null;
            e.resolution = null;
            e.parameters = Map.of();
        });
    }

    public StorybookSettings withModel(String m) {
        return edit(e -> e.model = m);
    }

    public StorybookSettings withMode(String m) {
        return edit(e -> e.mode = m);
    }

    public StorybookSettings withDuration(Integer d) {
        return edit(e -> e.durationSeconds = d);
    }

    public StorybookSettings withResolution(String r) {
        return edit(e -> e.resolution = r);
    }

    public StorybookSettings withNegativePrompt(String n) {
        return edit(e -> e.negativePrompt = n);
    }

    public StorybookSettings withStyleSuffix(String s) {
        return edit(e -> e.styleSuffix = s);
    }

    public StorybookSettings withCrossfade(double s) {
        return edit(e -> e.crossfadeSeconds = s);
    }

    public StorybookSettings withCaptions(boolean c) {
        return edit(e -> e.captions = c);
    }

    public StorybookSettings withMusic(String blob, double volume) {
        return edit(e -> {
            e.musicBlob = blob;
            e.musicVolume = volume;
        });
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
        return edit(e -> e.parameters = values);
    }

    public StorybookSettings withFilm(FilmMode f) {
        return edit(e -> e.film = f);
    }

    public StorybookSettings withLastPhoto(LastPhoto l) {
        return edit(e -> e.lastPhoto = l);
    }

    public StorybookSettings withAspect(Aspect a) {
        return edit(e -> e.aspect = a);
    }

    public StorybookSettings withFit(Fit f) {
        return edit(e -> e.fit = f);
    }

    public StorybookSettings withTitleCard(boolean on) {
        return edit(e -> e.titleCard = on);
    }

    public StorybookSettings withSound(FilmSound s) {
        return edit(e -> e.sound = s);
    }

    /** These settings with what {@code change} sets; the one place every setting is copied. */
    private StorybookSettings edit(java.util.function.Consumer<Edit> change) {
        Edit e = new Edit(this);
        change.accept(e);
        return e.settings();
    }

    /** The settings as fields a with-method sets before they become settings again. */
    private static final class Edit {
        String model;
        String mode;
        Integer durationSeconds;
        String resolution;
        String negativePrompt;
        String styleSuffix;
        double crossfadeSeconds;
        boolean captions;
        String musicBlob;
        double musicVolume;
        Map<String, String> parameters;
        FilmMode film;
        LastPhoto lastPhoto;
        Aspect aspect;
        Fit fit;
        boolean titleCard;
        FilmSound sound;

        Edit(StorybookSettings s) {
            model = s.model;
            mode = s.mode;
            durationSeconds = s.durationSeconds;
            resolution = s.resolution;
            negativePrompt = s.negativePrompt;
            styleSuffix = s.styleSuffix;
            crossfadeSeconds = s.crossfadeSeconds;
            captions = s.captions;
            musicBlob = s.musicBlob;
            musicVolume = s.musicVolume;
            parameters = s.parameters;
            film = s.film;
            lastPhoto = s.lastPhoto;
            aspect = s.aspect;
            fit = s.fit;
            titleCard = s.titleCard;
            sound = s.sound;
        }

        StorybookSettings settings() {
            return new StorybookSettings(model, mode, durationSeconds, resolution, negativePrompt, styleSuffix,
                    crossfadeSeconds, captions, musicBlob, musicVolume, parameters, film, lastPhoto, aspect, fit,
                    titleCard, sound);
        }
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
