package io.storyreel.app.telegram;

import io.storyreel.sim.taskapi.CallJournal;
import io.storyreel.sim.telegram.RequestJournal;
import io.storyreel.sim.telegram.SimButton;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimMessage;
import io.storyreel.sim.telegram.SimUser;
import io.storyreel.sim.telegram.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Whose money, in a Telegram group through the real TelegramBots stack: only the film's payer or a group admin may
 * retry, merge without, cancel or redo a film in the making; anyone else is told who can and nothing is paid or
 * changed; a member may pay for one clip with their own keys, and each clip is then created and polled with its own
 * payer's Kling keys (the simulator's journal shows whose key every call carried).
 */
class TelegramWhoseMoneyTest {
    private static final String DANA_ACCESS = "dana-kling-access-key";
    private static final String DANA_SECRET = "dana-kling-secret-key-0123456789abc";

    private TelegramStack stack;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    /** Clips made one at a time, so which clip fails and which are still running is known. */
    private static TelegramStack.Options oneAtATime() {
        return TelegramStack.Options.defaults().withSetting("kling.max-concurrent-tasks", "1");
    }

    private SimMessage groupWithThreeScenes(SimChat group, SimUser alice) {
        var tg = stack.telegram;
        int opened = tg.sendCommand(group, alice, "/new Lighthouse");
        stack.awaitTextAfter(group, opened, "New storybook");
        String[] prompts = {"waves hit the rocks", "the lamp turns on", "a ship passes at night"};
        for (int i = 0; i < prompts.length; i++) {
            tg.sendPhoto(group, alice, TestImages.jpeg(480, 360), "/add " + prompts[i]);
            stack.await(group, (i + 1) + " of 6 photos");
        }
        int make = tg.sendCommand(group, alice, "/make");
        return stack.awaitAfter(group, make, m -> TelegramStack.confirmButton(m) != null);
    }

    private static SimButton button(SimMessage m, String labelFragment) {
        return m.buttons().stream().flatMap(List::stream).filter(b -> b.text().contains(labelFragment)).findFirst()
                .orElseThrow(() -> new AssertionError("no button '" + labelFragment + "' on: " + m));
    }

    private SimMessage press(SimChat chat, SimUser who, SimMessage m, String labelFragment, String answerFragment) {
        int before = lastBotMessageId(chat);
        stack.telegram.pressButton(chat, who, m.messageId(), button(m, labelFragment).callbackData());
        return stack.awaitTextAfter(chat, before, answerFragment);
    }

    private int lastBotMessageId(SimChat chat) {
        List<SimMessage> all = stack.telegram.messages(chat);
        return all.isEmpty() ? 0 : all.get(all.size() - 1).messageId();
    }

    private String state(String title) {
        return stack.bot.database() == null ? null : new io.storyreel.core.storage.Jdbc(stack.bot.database().dataSource())
                .one("SELECT state FROM storybook WHERE title = ? ORDER BY created_at DESC", rs -> rs.getString(1), title)
                .orElse(null);
    }

    @Test
    void aMemberWhoDoesNotPayCannotSteerTheFilmButMayPayForOneClipWithHerOwnKeys() throws Exception {
        stack = TelegramStack.start(oneAtATime());
        var tg = stack.telegram;
        var kling = stack.kling;
        SimUser alice = tg.user(301, "Alice");
        SimUser bob = tg.user(302, "Bob");
        SimUser dana = tg.user(304, "Dana");
        SimChat group = tg.group(-6001, "Harbour friends");
        stack.setKlingKeys(tg.privateChat(alice), alice, kling.accessKey(), kling.secretKey());
        kling.addAccount(DANA_ACCESS, DANA_SECRET);
        stack.setKlingKeys(tg.privateChat(dana), dana, DANA_ACCESS, DANA_SECRET);

        SimMessage estimate = groupWithThreeScenes(group, alice);
        kling.faults().failNextTask("The image could not be animated");
        tg.pressButton(group, alice, estimate.messageId(), TelegramStack.confirmButton(estimate).callbackData());
        // the first clip made fails; the others then take their time, so they are still being made while members press
        await().atMost(TelegramStack.STEP).until(() -> kling.journal().creates() >= 1);
        kling.faults().taskDuration(Duration.ofSeconds(12));
        SimMessage pause = stack.await(group, "The image could not be animated");
        java.util.regex.Matcher failed = java.util.regex.Pattern.compile("Clip (\\d) failed").matcher(pause.text());
        assertThat(failed.find()).isTrue();
        String n = failed.group(1);
        await().atMost(TelegramStack.STEP).until(() -> kling.journal().creates() == 2); // the next clip is at Kling

        // Bob pays for nothing here: each press is answered with who can, and changes nothing
        String onlyAlice = "For Bob: only Alice (who pays for this film) or a group admin can";
        SimMessage retry = press(group, bob, pause, "Retry clip " + n, "For Bob");
        assertThat(retry.text()).startsWith(onlyAlice).contains("retry it");
        assertThat(button(retry, "with my keys").text()).isEqualTo("💳 Clip " + n + " with my keys");
        assertThat(press(group, bob, pause, "Merge without", "For Bob").text()).startsWith(onlyAlice)
                .contains("finish it without the failed clip");
        assertThat(press(group, bob, pause, "Cancel", "For Bob").text()).startsWith(onlyAlice).contains("stop it");
        int cancel = tg.sendCommand(group, bob, "/cancel");
        assertThat(stack.awaitTextAfter(group, cancel, "Only Alice").text()).contains("can stop it");
        int redo = tg.sendCommand(group, bob, "/redo " + n);
        SimMessage offer = stack.awaitTextAfter(group, redo, "Make clip " + n + " again");
        SimMessage redoRefused = press(group, bob, offer, "Redo clip " + n, "For Bob");
        assertThat(redoRefused.text()).startsWith(onlyAlice).contains("change it while it is being made");
        // Bob has no keys: "with my keys" is no way round for him either
        press(group, bob, retry, "with my keys", "You have no Kling AI keys yet");

        assertThat(state("Lighthouse")).isEqualTo("PAUSED"); // the film goes on: the next clip is still being made
        assertThat(kling.journal().creates()).isEqualTo(2); // nothing paid since the failure but the clip already due
        assertThat(kling.journal().createsFor(DANA_ACCESS)).isZero();

        // Dana pays for the failed clip herself, while the next clip is still running on Alice's account
        SimMessage paying = press(group, dana, redoRefused, "with my keys", "Dana is paying for clip " + n);
        assertThat(paying.text()).contains("with their own keys");
        assertThat(kling.journal().createsFor(DANA_ACCESS)).isEqualTo(1);
        assertThat(state("Lighthouse")).isEqualTo("GENERATING");
        SimMessage film = tg.awaitBotMessage(group, m -> m.messageId() > paying.messageId() && m.hasVideo(),
                TelegramStack.FILM);

        assertThat(film.caption()).contains("3 clips").containsPattern("\\$\\d+\\.\\d\\d paid by Alice, \\$\\d+\\.\\d\\d by Dana");
        assertThat(kling.journal().createsFor(DANA_ACCESS)).isEqualTo(1);
        assertThat(kling.journal().createsFor(kling.accessKey())).isEqualTo(3); // the failed clip, and the two others
        assertEveryTaskFollowedWithTheKeyThatCreatedIt(kling.journal());
        stack.assertFilmIsSumOfClips(film.video(), 3);
        java.nio.file.Path out = java.nio.file.Path.of("target", "telegram-transcripts", "whose-money.txt");
        java.nio.file.Files.createDirectories(out.getParent());
        java.nio.file.Files.writeString(out, tg.transcript(group));
    }

    /** Every status query of a task carried the access key of the account that created it. */
    private static void assertEveryTaskFollowedWithTheKeyThatCreatedIt(CallJournal journal) {
        Map<String, String> creator = new HashMap<>();
        journal.calls().stream().filter(CallJournal.Call::created).forEach(c -> creator.put(c.taskId(), c.credentialId()));
        List<CallJournal.Call> queries = journal.calls().stream()
                .filter(c -> c.method().equals("GET") && c.taskId() != null && c.credentialId() != null).toList();
        assertThat(queries).isNotEmpty();
        for (CallJournal.Call q : queries) {
            assertThat(q.credentialId()).as("query of task %s (%s)", q.taskId(), q.path())
                    .isEqualTo(creator.get(q.taskId()));
            assertThat(q.httpStatus()).as("query of task %s", q.taskId()).isEqualTo(200);
        }
        assertThat(queries.stream().map(CallJournal.Call::credentialId).filter(Objects::nonNull).distinct().count())
                .isEqualTo(2);
    }

    @Test
    void thePayerMayRetryAndAGroupAdminMayCancel() throws Exception {
        stack = TelegramStack.start();
        var tg = stack.telegram;
        var kling = stack.kling;
        SimUser alice = tg.user(311, "Alice");
        SimUser carl = tg.user(313, "Carl");
        SimChat group = tg.group(-6002, "Pier friends");
        stack.setKlingKeys(tg.privateChat(alice), alice, kling.accessKey(), kling.secretKey());

        SimMessage estimate = groupWithThreeScenes(group, alice);
        kling.faults().failNextTask("The image could not be animated");
        tg.pressButton(group, alice, estimate.messageId(), TelegramStack.confirmButton(estimate).callbackData());
        SimMessage pause = stack.await(group, "failed:");
        String retryData = pause.buttons().get(0).get(0).callbackData();
        // a double tap: both presses reach the bot before it takes the button away; one retry is made and paid
        tg.pressButton(group, alice, pause.messageId(), retryData);
        tg.pressButton(group, alice, pause.messageId(), retryData);
        assertThat(stack.awaitTextAfter(group, pause.messageId(), "out of date").text()).startsWith("For Alice:");
        SimMessage film = tg.awaitBotMessage(group, m -> m.messageId() > pause.messageId() && m.hasVideo(),
                TelegramStack.FILM);
        assertThat(film.caption()).containsPattern("\\$\\d+\\.\\d\\d paid by Alice$");
        assertThat(kling.journal().createsFor(kling.accessKey())).isEqualTo(4);
        // a second film, stopped by Carl, who pays nothing but administers the group
        tg.setMemberStatus(group, carl, "administrator");
        kling.faults().taskDuration(Duration.ofSeconds(20));
        SimMessage again = groupWithThreeScenes(group, alice);
        tg.pressButton(group, alice, again.messageId(), TelegramStack.confirmButton(again).callbackData());
        await().atMost(TelegramStack.STEP).until(() -> kling.journal().creates() >= 5);
        int cancel = tg.sendCommand(group, carl, "/cancel");
        assertThat(stack.awaitTextAfter(group, cancel, "Stopped").text()).contains("already paid");
        assertThat(state("Lighthouse")).isIn("COLLECTING", "CANCELLED"); // a fresh storybook keeps the photos
        assertThat(tg.journal().calls().stream().filter(c -> c.method().equals("getchatmember")))
                .extracting(RequestJournal.Call::status).containsOnly(200);
    }
}
