package io.storyreel.core.storyboard;

import io.storyreel.core.conversation.SettingsSheet;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The one line a chat gets for a change made on the page: who, what, to what, as the form names it. */
class PageNotesTest {
    private static SettingsSheet.Field field(String key, String label, SettingsSheet.Kind kind, String value,
                                             List<SettingsSheet.Option> options) {
        return new SettingsSheet.Field(key, label, kind, value, options, null, null, null, null, null, true);
    }

    @Test
    void aChoiceIsNamedByItsOptionANumberByItsUnitAndATextIsQuotedAndCut() {
        assertThat(PageNotes.setting("Ann", field("duration", "Duration", SettingsSheet.Kind.CHOICE, "10",
                List.of(new SettingsSheet.Option("5", "5 s"), new SettingsSheet.Option("10", "10 s")))))
                .isEqualTo("Ann changed duration to 10 s on the storyboard page.");
        assertThat(PageNotes.setting("Ann", field("music volume", "Music volume (%)", SettingsSheet.Kind.NUMBER, "60",
                List.of()))).isEqualTo("Ann changed music volume to 60 % on the storyboard page.");
        assertThat(PageNotes.setting("Ann", field("negative", "Negative prompt", SettingsSheet.Kind.TEXT,
                "blurry, text, watermarks, extra fingers, low quality, jpeg artefacts", List.of())))
                .isEqualTo("Ann changed negative prompt to \"blurry, text, watermarks, extra fingers…\" on the "
                        + "storyboard page.");
        assertThat(PageNotes.setting("Ann", field("negative", "Negative prompt", SettingsSheet.Kind.TEXT, null, List.of())))
                .isEqualTo("Ann changed negative prompt to none on the storyboard page.");
        assertThat(PageNotes.setting("Ann", field("mode", "Mode", SettingsSheet.Kind.CHOICE, null, List.of())))
                .isEqualTo("Ann changed mode to the provider's default on the storyboard page.");
    }
}
