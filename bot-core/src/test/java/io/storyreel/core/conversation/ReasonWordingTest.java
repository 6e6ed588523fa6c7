package io.storyreel.core.conversation;

import io.storyreel.core.chat.CommandSyntax;
import io.storyreel.core.conversation.contract.SyntaxLeaks;
import io.storyreel.core.conversation.testing.TestSyntax;
import io.storyreel.core.generation.EngineReason;
import io.storyreel.core.generation.EngineReason.Kind;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every reason the engine can give (a refused command, a pause, a failure) reads as a sentence in each chat's own
 * command syntax: no other platform's command form, no empty field left showing.
 */
class ReasonWordingTest {
    private static EngineReason full(Kind kind) {
        return new EngineReason(kind, "Kling", 2, 30, 2, 3, "GENERATING");
    }

    private static List<String> everyReason(CommandSyntax cs) {
        return Arrays.stream(Kind.values()).map(k -> ReasonWording.say(cs, full(k))).toList();
    }

    @Test
    void noReasonLeaksTheOtherPlatformsSyntax() {
        for (CommandSyntax cs : List.of(TestSyntax.telegramLike(), TestSyntax.discordLike(), TestSyntax.neutral())) {
            List<String> texts = everyReason(cs);
            assertThat(SyntaxLeaks.in(cs, texts)).as("reasons read in %s", cs).isEmpty();
            assertThat(texts).allSatisfy(t -> assertThat(t).isNotBlank().doesNotContain("null"));
        }
    }

    @Test
    void keysAndCommandsAreNamedAsEachChatTakesThem() {
        EngineReason noKeys = EngineReason.of(Kind.NO_KEYS, "Kling");
        assertThat(ReasonWording.say(TestSyntax.telegramLike(), noKeys))
                .isEqualTo("There are no Kling keys for the payer. Send /setkeys in a private chat with me.");
        assertThat(ReasonWording.say(TestSyntax.discordLike(), noKeys))
                .contains("Kling", "/setkeys", "a form only you can see").doesNotContain("private chat");
        EngineReason done = EngineReason.detailed(Kind.NOT_STARTABLE, null, 0, "DONE");
        assertThat(ReasonWording.say(TestSyntax.telegramLike(), done)).endsWith("is done; start a new one with /new.");
        assertThat(ReasonWording.say(TestSyntax.discordLike(), done)).endsWith("start a new one with /story new.");
    }

    @Test
    void pausesSayWhatHappenedToWhichClipAndWhatARetryCosts() {
        assertThat(ReasonWording.say(TestSyntax.telegramLike(), EngineReason.clip(Kind.SUBMIT_UNCLEAR, "MiniMax", 3)))
                .isEqualTo("We could not tell whether MiniMax started clip 3; check your MiniMax dashboard before "
                        + "retrying (a retry may be charged again).");
        assertThat(ReasonWording.say(TestSyntax.discordLike(), EngineReason.timedOut("Kling", 1, 30)))
                .isEqualTo("Kling did not finish clip 1 within 30 minutes.");
        assertThat(ReasonWording.say(TestSyntax.discordLike(),
                EngineReason.detailed(Kind.DOWNLOAD_FAILED, "Kling", 2, "HTTP 403")))
                .contains("Clip 2 was made but could not be downloaded (HTTP 403)", "without paying again");
        assertThat(ReasonWording.say(TestSyntax.telegramLike(),
                EngineReason.detailed(Kind.PROVIDER_ERROR, "Kling", 2, "Kling refused this picture.")))
                .isEqualTo("Kling refused this picture.");
    }
}
