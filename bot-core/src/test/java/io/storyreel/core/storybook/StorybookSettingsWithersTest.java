package io.storyreel.core.storybook;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** Each with-method changes its own settings and keeps every other one, from settings where none is a default. */
class StorybookSettingsWithersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StorybookSettings FULL = new StorybookSettings("m1", "pro", 10, "1080p", "blur", "noir", 0.5,
            true, "blob1", 0.7, Map.of("camera", "pan"), StorybookSettings.FilmMode.BRIDGES,
            StorybookSettings.LastPhoto.HOLD, Aspect.SQUARE, StorybookSettings.Fit.PAD, true,
            new FilmSound(true, "song.mp3", 3.0, true, 6.0));

    @Test
    void eachWitherChangesItsOwnSettingsOnly() throws Exception {
        Map<String, UnaryOperator<StorybookSettings>> withers = new LinkedHashMap<>();
        withers.put("model", s -> s.withModel("m2"));
        withers.put("mode", s -> s.withMode("std"));
        withers.put("durationSeconds", s -> s.withDuration(5));
        withers.put("resolution", s -> s.withResolution("720p"));
        withers.put("negativePrompt", s -> s.withNegativePrompt("noise"));
        withers.put("styleSuffix", s -> s.withStyleSuffix("pastel"));
        withers.put("crossfadeSeconds", s -> s.withCrossfade(1.5));
        withers.put("captions", s -> s.withCaptions(false));
        withers.put("musicBlob musicVolume", s -> s.withMusic("blob2", 0.2));
        withers.put("parameters", s -> s.withParameters(Map.of("camera", "zoom")));
        withers.put("film", s -> s.withFilm(StorybookSettings.FilmMode.CLIPS));
        withers.put("lastPhoto", s -> s.withLastPhoto(StorybookSettings.LastPhoto.CLIP));
        withers.put("aspect", s -> s.withAspect(Aspect.PORTRAIT));
        withers.put("fit", s -> s.withFit(StorybookSettings.Fit.CROP));
        withers.put("titleCard", s -> s.withTitleCard(false));
        withers.put("sound", s -> s.withSound(FilmSound.DEFAULT));
        withers.put("musicBlob sound", s -> s.withMusicFile("blob3", "other.mp3"));
        withers.put("model mode durationSeconds resolution parameters", StorybookSettings::neutral);
        Map<String, Object> before = fields(FULL);
        for (Map.Entry<String, UnaryOperator<StorybookSettings>> w : withers.entrySet()) {
            Map<String, Object> after = fields(w.getValue().apply(FULL));
            Set<String> changed = new HashSet<>(before.keySet());
            changed.addAll(after.keySet());
            changed.removeIf(k -> java.util.Objects.equals(before.get(k), after.get(k)));
            assertThat(changed).as(w.getKey()).containsExactlyInAnyOrder(w.getKey().split(" "));
        }
    }

    private static Map<String, Object> fields(StorybookSettings s) throws Exception {
        return JSON.readValue(s.toJson(), new TypeReference<Map<String, Object>>() { });
    }
}
