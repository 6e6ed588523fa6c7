package io.storyreel.core.storybook;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** How a film mode turns photos into clips, and settings stored before film modes existed. */
class ShotTest {

    private static List<Scene> scenes(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> new Scene("s" + i, "b", i, "blob" + i, "image/jpeg", 640,
                480, "prompt " + i, "u", "U", null, null, 0)).toList();
    }

    private static List<String> labels(StorybookSettings s, int n) {
        return Shot.plan(s, scenes(n)).stream().map(Shot::label).toList();
    }

    @Test
    void clipsModeAnimatesEachPhotoOnItsOwn() {
        assertThat(labels(StorybookSettings.defaults(), 3)).containsExactly("clip 1", "clip 2", "clip 3");
    }

    @Test
    void bridgesEndOnTheNextPhotoAndTheLastPhotoGetsItsOwnClipOrIsHeld() {
        StorybookSettings bridges = StorybookSettings.defaults().withFilm(StorybookSettings.FilmMode.BRIDGES);
        assertThat(labels(bridges, 3)).containsExactly("bridge 1 → 2", "bridge 2 → 3", "clip 3");
        StorybookSettings held = bridges.withLastPhoto(StorybookSettings.LastPhoto.HOLD);
        assertThat(labels(held, 3)).containsExactly("bridge 1 → 2", "bridge 2 → 3");
        // one photo has nothing to bridge to: it is animated on its own even when "held"
        assertThat(labels(held, 1)).containsExactly("clip 1");
        assertThat(Shot.endOf(held, scenes(3), 2)).isEqualTo(3);
        assertThat(Shot.endOf(held, scenes(3), 3)).isZero();
    }

    @Test
    void settingsStoredBeforeFilmModesReadAsClipsWithTheirOtherChoices() {
        StorybookSettings old = StorybookSettings.fromJson("{\"model\":\"kling-v1\",\"mode\":\"pro\",\"crossfadeSeconds\":0.5,"
                + "\"captions\":true,\"musicVolume\":0.3}");
        assertThat(old.film()).isEqualTo(StorybookSettings.FilmMode.CLIPS);
        assertThat(old.lastPhoto()).isEqualTo(StorybookSettings.LastPhoto.CLIP);
        assertThat(old.aspect()).isNull();
        assertThat(old.model()).isEqualTo("kling-v1");
        StorybookSettings round = StorybookSettings.fromJson(old.withFilm(StorybookSettings.FilmMode.BRIDGES)
                .withAspect(Aspect.PORTRAIT).withFit(StorybookSettings.Fit.PAD).toJson());
        assertThat(round.bridges()).isTrue();
        assertThat(round.aspect()).isEqualTo(Aspect.PORTRAIT);
        assertThat(round.fit()).isEqualTo(StorybookSettings.Fit.PAD);
        assertThat(round.neutral().model()).isNull();
        assertThat(round.neutral().bridges()).isTrue();
    }
}
