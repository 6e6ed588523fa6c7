package io.storyreel.core.conversation.contract;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The repeated-clause finder catches what issue 15 saw and lets ordinary messages and lists through. */
class RepeatedClausesTest {
    @Test
    void theSentenceIssue15SawIsCaught() {
        String seen = "Kling AI did not accept those keys: Kling did not accept your keys. Check the Access Key and "
                + "Secret Key and set them again with /setkeys. Nothing was saved; please check them and send them again.";
        assertThat(RepeatedClauses.repeat(seen)).hasValueSatisfying(r -> assertThat(r)
                .contains("Kling AI did not accept those keys", "Kling did not accept your keys"));
    }

    @Test
    void theSameLineTwiceIsCaught() {
        assertThat(RepeatedClauses.repeat("Your photos are still here.\nNot made.\nYour photos are still here."))
                .isPresent();
    }

    @Test
    void ordinaryMessagesAndListsPass() {
        assertThat(RepeatedClauses.in(List.of(
                "Kling AI did not accept those keys. Nothing was saved. Send them like this: /setkeys kling ACCESS_KEY SECRET_KEY.",
                "Added scene 1: “a cat wakes up”\nAdded scene 2: “a cat wakes up”\n2 of 6 photos. Add more, or /make when you're ready.",
                "I can't make the film yet:\n• Scene 1: Kling needs photos at least 300 px on each side.\n"
                        + "• Scene 2: Kling needs photos at least 300 px on each side.",
                "🎬 Making your film – 1 of 3 clips ready\n1 ▓▓▓▓▓▓▓▓▓▓ ready ✓\n2 ▓░░░░░░░░░ running\n3 ░░░░░░░░░░ queued"))).isEmpty();
    }
}
