package io.storyreel.core.conversation;

import io.storyreel.core.chat.CommandSyntax;
import io.storyreel.core.conversation.contract.RepeatedClauses;
import io.storyreel.core.conversation.contract.SyntaxLeaks;
import io.storyreel.core.conversation.testing.TestSyntax;
import io.storyreel.core.generation.EngineReason;
import io.storyreel.core.generation.EngineReason.Kind;
import io.storyreel.core.provider.Problem;
import io.storyreel.core.provider.VideoProvider.KeyCheck;
import io.storyreel.core.storybook.ClipPlan;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every structured reason the bot can be given (each engine reason, each provider problem, each key check, each
 * refused setting) is worded once per situation, in each chat's syntax: no clause said twice, no other platform's
 * command form, no empty field showing, and the provider's own advice never doubled by the chat's.
 */
class EverySentenceOnceTest {
    private static final List<CommandSyntax> SYNTAXES = List.of(TestSyntax.telegramLike(), TestSyntax.discordLike(),
            TestSyntax.neutral());
    /** What a provider's plain sentence looks like: it says what happened and what to check, naming no command. */
    private static final String PROVIDER_SAYS = "Kling did not accept your keys. Check the Access Key and Secret Key.";

    private static List<String> everything(CommandWording cs) {
        List<String> out = new ArrayList<>();
        for (Kind k : Kind.values()) {
            out.add(ReasonWording.say(cs, new EngineReason(k, "Kling AI", 2, 30, 2, 3, "GENERATING")));
        }
        for (Kind k : List.of(Kind.PROVIDER_ERROR, Kind.DOWNLOAD_FAILED)) {
            for (Problem p : Problem.values()) {
                out.add(ReasonWording.say(cs, new EngineReason(k, "Kling AI", 2, 0, 0, 0, PROVIDER_SAYS, p,
                        "risk control: the image was refused")));
                out.add(ReasonWording.say(cs, new EngineReason(k, null, 2, 0, 0, 0, null, p, null)));
            }
        }
        for (Problem p : Problem.values()) {
            out.add(ProviderWording.refusal(cs, p, "MiniMax", PROVIDER_SAYS, null));
            out.add(KeyWording.keysRefused("Kling AI", new KeyCheck(false, true, PROVIDER_SAYS, p),
                    cs.reenterKeys("kling", List.of("accessKey", "secretKey"))));
        }
        out.add(KeyWording.keysRefused("Kling AI", new KeyCheck(false, false, "A Kling key needs an Access Key and a "
                + "Secret Key, each 8 or more characters."), cs.reenterKeys("kling", List.of("accessKey", "secretKey"))));
        out.add(KeyWording.keysRefused("MiniMax", new KeyCheck(false, true, null), cs.reenterKeys("minimax",
                List.of("apiKey"))));
        for (SettingChange.Problem p : SettingChange.Problem.values()) {
            out.add(SettingsWording.settingRefused(cs, new SettingChange.Refusal(p, "Kling AI", List.of("std", "pro"),
                    2500, new ClipPlan.Problem("Kling AI", "Kling 2.1", false, "pro", 10, "1080p"),
                    "cfg_scale takes a number from 0 to 1 in steps of 0.1.")));
        }
        // the photo checks said when a photo is added or the provider changes
        out.add(FilmWording.photoTooSmall(cs, 2, "Kling AI", 300, 200, 250));
        out.add(FilmWording.photoPadded(3, "Kling AI", 1000, 300, 1000, 400));
        out.add(FilmWording.scenesTooSmall(cs, "MiniMax", 301, List.of(1)));
        out.add(FilmWording.scenesTooSmall(cs, "MiniMax", 301, List.of(1, 2, 4)));
        return out;
    }

    @Test
    void everyReasonIsOneClearMessageInEachChatsSyntax() {
        for (CommandSyntax syntax : SYNTAXES) {
            List<String> texts = everything(new CommandWording(syntax));
            assertThat(texts).hasSizeGreaterThanOrEqualTo(140);
            assertThat(SyntaxLeaks.in(syntax, texts)).as("leaks in %s", syntax).isEmpty();
            assertThat(RepeatedClauses.in(texts)).as("repeats in %s", syntax).isEmpty();
            assertThat(texts).allSatisfy(t -> assertThat(t).isNotBlank().doesNotContain("null").doesNotContain("..")
                    .doesNotContain(".:"));
        }
    }

    @Test
    void keysTheProviderRefusedAreSaidOnceWithTheWayToSendThemAgain() {
        CommandWording tg = new CommandWording(TestSyntax.telegramLike());
        String refused = KeyWording.keysRefused("Kling AI", new KeyCheck(false, true, PROVIDER_SAYS, Problem.KEYS_REJECTED),
                tg.reenterKeys("kling", List.of("accessKey", "secretKey")));
        assertThat(refused).isEqualTo("Kling AI did not accept those keys. Nothing was saved. Send them like this: "
                + "/setkeys kling ACCESS_KEY SECRET_KEY.");
        String account = KeyWording.keysRefused("Kling AI", new KeyCheck(false, true, "Kling reports a problem with "
                + "your account. Please check it on the Kling developer console.", Problem.ACCOUNT_PROBLEM),
                new CommandWording(TestSyntax.discordLike()).reenterKeys("kling", List.of("accessKey", "secretKey")));
        assertThat(account).startsWith("Kling reports a problem with your account.")
                .endsWith("Nothing was saved. Use /setkeys provider:kling again and fill in every field of the form.");
    }

    @Test
    void aPausedClipSaysWhatTheProviderRefusedAndWhatToDoInThisChat() {
        CommandWording dc = new CommandWording(TestSyntax.discordLike());
        assertThat(ReasonWording.say(dc, new EngineReason(Kind.PROVIDER_ERROR, "Kling AI", 1, 0, 0, 0, PROVIDER_SAYS,
                Problem.KEYS_REJECTED, null))).isEqualTo("Kling AI did not accept the keys. Set new ones, then try "
                + "again: use /setkeys, which opens a form only you can see.");
        assertThat(ReasonWording.say(dc, new EngineReason(Kind.PROVIDER_ERROR, "MiniMax", 1, 0, 0, 0,
                "Your MiniMax account balance is too low. Top it up on the MiniMax platform, then try again.",
                Problem.NO_CREDIT, null))).isEqualTo("Your MiniMax account balance is too low. Top it up on the "
                + "MiniMax platform, then try again.");
        assertThat(ReasonWording.say(dc, new EngineReason(Kind.PROVIDER_ERROR, "Kling AI", 3, 0, 0, 0,
                "Kling could not make this clip: out of capacity", Problem.TASK_FAILED, "out of capacity")))
                .isEqualTo("Kling AI could not make the clip: out of capacity.");
        assertThat(ReasonWording.say(dc, new EngineReason(Kind.DOWNLOAD_FAILED, "Kling AI", 3, 0, 0, 0,
                "Kling no longer offers this clip for download.", Problem.RESULT_GONE, null)))
                .startsWith("Clip 3 was made but could not be downloaded: Kling AI no longer offers it.");
    }
}
