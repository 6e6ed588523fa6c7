package io.storyreel.app.wording;

import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.chat.UserRef;
import io.storyreel.core.conversation.contract.RepeatedClauses;
import io.storyreel.core.conversation.contract.SyntaxLeaks;
import io.storyreel.core.conversation.testing.RecordingChatPort;
import io.storyreel.core.conversation.testing.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of message the conversation sends, in a private chat and a group, on each platform: every command with
 * nothing to act on, every way keys go wrong (checked by the real providers against their simulators), refused
 * photos, prompts and settings, a film declined, made, redone, paused by a content check and retried, paused by keys
 * the provider refused, paused by an account out of credit, failed with nothing left to merge, and a group film paid
 * by the member with keys. Every version of every message is then scanned for the other platform's command forms
 * (with that adapter's own syntax) and for a clause said twice.
 */
class EveryMessageTest {
    @TempDir
    Path dir;
    private WordingRig rig;

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Platform.class)
    void everyMessageReadsInTheChatsOwnSyntaxAndSaysEachThingOnce(Platform platform) {
        rig = new WordingRig(dir);
        boolean typedKeys = !rig.syntax(platform).keysInForm();
        UserRef ann = new UserRef(platform, "1", "Ann");
        UserRef bob = new UserRef(platform, "2", "Bob");
        ChatRef dm = WordingRig.chat(platform, "10", false);
        ChatRef group = WordingRig.chat(platform, "20", true);

        for (ChatRef chat : List.of(dm, group)) {
            for (String c : List.of("start", "help", "list", "status", "make", "cancel", "remove 1", "move 1 2",
                    "prompt 1 a cat", "redo 1", "add", "keys", "setkeys", "forgetkeys", "history", "settings",
                    "provider", "frobnicate", "new Holiday")) {
                rig.command(chat, chat == dm ? ann : bob, c);
            }
        }
        keysGoWrongThenRight(dm, group, ann, bob, typedKeys);
        collectAndRefuse(dm, ann);
        settingsAndProviders(dm, ann);
        aFilmDeclinedMadeAndRedone(dm, ann);
        pausesAndFailures(dm, ann);
        aGroupFilm(group, ann, bob);
        rig.command(dm, ann, "forgetkeys");
        rig.command(dm, ann, "keys");

        List<String> texts = rig.texts(platform);
        assertThat(SyntaxLeaks.in(rig.syntax(platform), texts)).as("other platforms' forms").isEmpty();
        assertThat(RepeatedClauses.in(texts)).as("clauses said twice").isEmpty();
        assertThat(String.join("\n", texts)).contains("did not accept those keys", "don't look like",
                "Saved your Kling AI keys", "I can't make the film yet", "I can't use that setting",
                "Clip 1 failed", "content check", "did not accept the keys", "credit", "No clip is left",
                "Whoever presses Confirm pays", rig.syntax(platform).command("make"));
        assertThat(rig.port(platform).all().stream().filter(s -> s.video() != null).count()).isGreaterThanOrEqualTo(3);
    }

    private void keysGoWrongThenRight(ChatRef dm, ChatRef group, UserRef ann, UserRef bob, boolean typed) {
        rig.keys(dm, ann, "kling", "only-one-part", typed);
        rig.keys(dm, ann, "kling", "ab cd", typed);
        rig.keys(dm, ann, "kling", rig.kling.accessKey() + " not-the-right-secret-key-000", typed);
        rig.keys(dm, ann, "minimax", "not-the-right-minimax-key-0000", typed);
        rig.keys(dm, ann, "runway", "whatever-1234", typed);
        if (typed) {
            rig.keys(group, bob, "kling", "AKleaked00001 SKleaked00002", true); // read by everyone: refused
        }
        rig.keys(dm, ann, "kling", rig.kling.accessKey() + " " + rig.kling.secretKey(), typed);
    }

    private void collectAndRefuse(ChatRef dm, UserRef ann) {
        rig.photo(dm, ann, TestImages.jpeg(200, 200, 1), "a tiny lighthouse"); // too small for Kling: refused at make
        rig.text(dm, ann, "hello?", null);
        rig.photo(dm, ann, TestImages.jpeg(640, 480, 2), null);
        rig.text(dm, ann, "the fox runs", null);
        rig.photo(dm, ann, TestImages.jpeg(640, 480, 3), "x".repeat(3000));
        rig.file(dm, ann, "notes.pdf", "application/pdf");
        rig.command(dm, ann, "make");
        rig.command(dm, ann, "remove 1");
        rig.command(dm, ann, "prompt 2 the fox sleeps");
        rig.command(dm, ann, "remove x");
        rig.command(dm, ann, "move 1 9");
        // a scene of its own provider: shown, refused, chosen, listed, estimated without that provider's keys, cleared
        for (String c : List.of("scene", "scene 1", "scene 1 pika", "scene 1 minimax nope", "scene 9 minimax",
                "scene 1 provider minimax", "scene 1", "list", "make", "scene 1 default")) {
            rig.command(dm, ann, c);
        }
    }

    private void settingsAndProviders(ChatRef dm, UserRef ann) {
        for (String s : List.of("model x", "mode x", "duration soon", "duration 99", "resolution x",
                "negative " + "n".repeat(3000), "style " + "s".repeat(1500), "transitions wobble", "transitions 5",
                "captions maybe", "colour red", "duration")) {
            rig.command(dm, ann, "settings " + s);
        }
        for (String p : List.of("provider", "provider minimax", "provider runway", "provider kling")) {
            rig.command(dm, ann, p);
        }
    }

    private void aFilmDeclinedMadeAndRedone(ChatRef dm, UserRef ann) {
        rig.command(dm, ann, "make");
        rig.press(dm, ann, rig.last(dm), "Cancel");
        RecordingChatPort.Sent film = makeAndConfirm(dm, ann, ann);
        rig.command(dm, ann, "history");
        rig.press(dm, ann, film, "Redo clip 1");
        rig.press(dm, ann, rig.last(dm), "Keep");
        rig.command(dm, ann, "status");
    }

    private void pausesAndFailures(ChatRef dm, UserRef ann) {
        // a content check refuses the clip; a retry makes it
        newStorybook(dm, ann, "the boat leaves");
        rig.kling.faults().failNextTask(null);
        RecordingChatPort.Sent paused = confirmAndAwaitPause(dm, ann);
        int before = rig.count(dm);
        rig.press(dm, ann, paused, "Retry");
        rig.await(dm, before, s -> s.video() != null);
        // the provider refuses the keys when the clip is sent: the film is stopped
        newStorybook(dm, ann, "the owl blinks");
        rig.kling.faults().rejectNextAuth(1000);
        rig.press(dm, ann, confirmAndAwaitPause(dm, ann), "Cancel");
        // the account is out of credit: merged without its only clip, the film fails
        newStorybook(dm, ann, "the moon rises");
        rig.kling.faults().insufficientBalance(true);
        paused = confirmAndAwaitPause(dm, ann);
        rig.kling.faults().insufficientBalance(false);
        before = rig.count(dm);
        rig.press(dm, ann, paused, "Merge without");
        rig.awaitText(dm, before, "could not be made");
    }

    private void aGroupFilm(ChatRef group, UserRef ann, UserRef bob) {
        rig.command(group, bob, "new");
        rig.photo(group, bob, TestImages.jpeg(640, 480, 7), "the beach at dawn");
        rig.photo(group, ann, TestImages.jpeg(640, 480, 8), "the boat leaves");
        rig.command(group, bob, "list");
        makeAndConfirm(group, bob, ann); // Bob has no keys: told where to set them; Ann pays
        rig.command(group, ann, "history");
    }

    private void newStorybook(ChatRef chat, UserRef user, String prompt) {
        rig.command(chat, user, "new");
        rig.photo(chat, user, TestImages.jpeg(640, 480, prompt.length()), prompt);
    }

    private RecordingChatPort.Sent confirmAndAwaitPause(ChatRef chat, UserRef user) {
        rig.command(chat, user, "make");
        int before = rig.count(chat);
        rig.press(chat, user, rig.last(chat), "Confirm");
        return rig.awaitText(chat, before, "Clip 1 failed");
    }

    /** The maker asks for the estimate; in a group the maker presses Confirm first (no keys), then the payer. */
    private RecordingChatPort.Sent makeAndConfirm(ChatRef chat, UserRef maker, UserRef payer) {
        rig.command(chat, maker, "make");
        RecordingChatPort.Sent estimate = rig.last(chat);
        if (maker != payer) {
            rig.press(chat, maker, estimate, "Confirm");
        }
        int before = rig.count(chat);
        rig.press(chat, payer, estimate, "Confirm");
        return rig.await(chat, before, s -> s.video() != null);
    }
}
