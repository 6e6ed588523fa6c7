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
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StorybookSettings(String model, String mode, Integer durationSeconds, String resolution,
                                String negativePrompt, String styleSuffix, double crossfadeSeconds, boolean captions,
                                String musicBlob, double musicVolume,
                                @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> parameters) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public StorybookSettings {
        parameters = parameters == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(parameters));
    }

    public StorybookSettings(String model, String mode, Integer durationSeconds, String resolution,
                             String negativePrompt, String styleSuffix, double crossfadeSeconds, boolean captions,
                             String musicBlob, double musicVolume) {
        this(model, mode, durationSeconds, resolution, negativePrompt, styleSuffix, crossfadeSeconds, captions,
                musicBlob, musicVolume, Map.of());
    }

    public static StorybookSettings defaults() {
        return new StorybookSettings(null, null, null, null, null, null, 0, false, null, 0.3);
    }

    public String promptFor(String scenePrompt) {
        String p = scenePrompt == null ? "" : scenePrompt.strip();
        return styleSuffix == null || styleSuffix.isBlank() ? p : p + ", " + styleSuffix.strip();
    }

    public StorybookSettings withModel(String m) {
        return new StorybookSettings(m, mode, durationSeconds, resolution, negativePrompt, styleSuffix, crossfadeSeconds, captions, musicBlob, musicVolume, parameters);
    }

    public StorybookSettings withMode(String m) {
        return new StorybookSettings(model, m, durationSeconds, resolution, negativePrompt, styleSuffix, crossfadeSeconds, captions, musicBlob, musicVolume, parameters);
    }

    public StorybookSettings withDuration(Integer d) {
        return new StorybookSettings(model, mode, d, resolution, negativePrompt, styleSuffix, crossfadeSeconds, captions, musicBlob, musicVolume, parameters);
    }

    public StorybookSettings withResolution(String r) {
        return new StorybookSettings(model, mode, durationSeconds, r, negativePrompt, styleSuffix, crossfadeSeconds, captions, musicBlob, musicVolume, parameters);
    }

    public StorybookSettings withNegativePrompt(String n) {
        return new StorybookSettings(model, mode, durationSeconds, resolution, n, styleSuffix, crossfadeSeconds, captions, musicBlob, musicVolume, parameters);
    }

    public StorybookSettings withStyleSuffix(String s) {
        return new StorybookSettings(model, mode, durationSeconds, resolution, negativePrompt, s, crossfadeSeconds, captions, musicBlob, musicVolume, parameters);
    }

    public StorybookSettings withCrossfade(double s) {
        return new StorybookSettings(model, mode, durationSeconds, resolution, negativePrompt, styleSuffix, s, captions, musicBlob, musicVolume, parameters);
    }

    public StorybookSettings withCaptions(boolean c) {
        return new StorybookSettings(model, mode, durationSeconds, resolution, negativePrompt, styleSuffix, crossfadeSeconds, c, musicBlob, musicVolume, parameters);
    }

    public StorybookSettings withMusic(String blob, double volume) {
        return new StorybookSettings(model, mode, durationSeconds, resolution, negativePrompt, styleSuffix, crossfadeSeconds, captions, blob, volume, parameters);
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
                crossfadeSeconds, captions, musicBlob, musicVolume, values);
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
