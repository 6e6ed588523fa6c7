package io.storyreel.core.generation;

import io.storyreel.core.video.BurnedText;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The one rule for "the film burns text": captions when on, the title card when on and the title is not blank. */
class FilmTextTest {
    @Test
    void aBlankTitleIsNoTextEvenWithTheTitleCardOn() {
        for (String blank : new String[]{null, "", "   ", "\t\n"}) {
            FilmText t = new FilmText(false, blank);
            assertThat(t.burnsAny()).as("title %s", blank).isFalse();
            assertThat(t.title()).isNull();
            assertThat(t.onClip("a prompt", true)).isEqualTo(BurnedText.NONE);
        }
    }

    @Test
    void captionsOrATitleBurnText() {
        assertThat(new FilmText(false, "Summer").burnsAny()).isTrue();
        assertThat(new FilmText(true, null).burnsAny()).isTrue();
        FilmText both = new FilmText(true, "Summer");
        assertThat(both.onClip("beach", true)).isEqualTo(new BurnedText("beach", "Summer"));
        assertThat(both.onClip("sunset", false)).as("the title on the first clip only")
                .isEqualTo(new BurnedText("sunset", null));
        assertThat(new FilmText(false, "Summer").onClip("beach", false)).isEqualTo(BurnedText.NONE);
    }
}
