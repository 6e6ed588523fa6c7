package io.storyreel.core.conversation;

import io.storyreel.core.storybook.Aspect;
import io.storyreel.core.storybook.StorybookSettings;
import io.storyreel.core.testing.FakeVideoProvider;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The film's own settings typed in a chat: film mode, the last photo, aspect, fit and the title card. */
class FilmSettingsTest {
    private final FakeVideoProvider kling = FakeVideoProvider.kling();
    private final StorybookSettings none = StorybookSettings.defaults();

    private StorybookSettings set(StorybookSettings s, String key, String value) {
        SettingChange c = SettingChange.apply(kling, s, key, value);
        assertThat(c.refusal()).as("%s %s", key, value).isNull();
        return c.settings();
    }

    private SettingChange.Problem refused(String key, String value) {
        SettingChange c = SettingChange.apply(kling, none, key, value);
        assertThat(c.settings()).isNull();
        return c.refusal().problem();
    }

    @Test
    void bridgesAreTheFilmsModeAndKlingsOwnModeIsUntouched() {
        assertThat(set(none, "film", "bridges").bridges()).isTrue();
        StorybookSettings viaMode = set(set(none, "mode", "pro"), "mode", "Bridges");
        assertThat(viaMode.bridges()).isTrue();
        assertThat(viaMode.mode()).as("Kling's std/pro stays").isEqualTo("pro");
        assertThat(set(viaMode, "mode", "clips").bridges()).isFalse();
        assertThat(refused("film", "flowing")).isEqualTo(SettingChange.Problem.FILM_MODES);
        assertThat(refused("mode", "turbo")).isEqualTo(SettingChange.Problem.UNKNOWN_MODE);
    }

    @Test
    void theLastPhotoTheAspectTheFitAndTheTitleCard() {
        assertThat(set(none, "last", "hold").lastPhoto()).isEqualTo(StorybookSettings.LastPhoto.HOLD);
        assertThat(set(none, "aspect", "9:16").aspect()).isEqualTo(Aspect.PORTRAIT);
        assertThat(set(none, "aspect", "1x1").aspect()).isEqualTo(Aspect.SQUARE);
        assertThat(set(set(none, "aspect", "16:9"), "aspect", "auto").aspect()).isNull();
        assertThat(set(none, "fit", "blur").fit()).isEqualTo(StorybookSettings.Fit.PAD);
        assertThat(set(none, "title", "on").titleCard()).isTrue();
        assertThat(set(none, "captions", "on").titleCard()).as("captions are not the title").isFalse();
        assertThat(refused("last", "maybe")).isEqualTo(SettingChange.Problem.LAST_PHOTO);
        assertThat(refused("aspect", "4:3")).isEqualTo(SettingChange.Problem.UNKNOWN_ASPECT);
        assertThat(refused("fit", "stretch")).isEqualTo(SettingChange.Problem.UNKNOWN_FIT);
        assertThat(refused("title", "big")).isEqualTo(SettingChange.Problem.CAPTIONS_ON_OFF);
    }
}
