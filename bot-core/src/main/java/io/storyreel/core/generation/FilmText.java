package io.storyreel.core.generation;

import io.storyreel.core.storybook.Storybook;
import io.storyreel.core.video.BurnedText;

/**
 * The one rule for the text a film burns into its picture: each clip's caption (its scene's prompt) when captions are
 * on, and the title card on the first clip when it is on and the storybook's title is not blank. A blank title is no
 * title: it neither counts as text (a film with no other text keeps its clips as they came) nor names the clips'
 * normalised files differently.
 */
record FilmText(boolean captions, String title) {
    FilmText {
        title = title == null || title.isBlank() ? null : title;
    }

    static FilmText of(Storybook b) {
        return new FilmText(b.settings().captions(), b.settings().titleCard() ? b.title() : null);
    }

    /** Whether anything is burned in: then every clip is encoded, none kept as it came. */
    boolean burnsAny() {
        return captions || title != null;
    }

    /** The text burned into one clip: {@code prompt} when captions are on, and the title on the film's first clip. */
    BurnedText onClip(String prompt, boolean first) {
        return new BurnedText(captions ? prompt : null, first ? title : null);
    }
}
