package io.storyreel.app.telegram;

import io.storyreel.core.storage.Jdbc;
import io.storyreel.sim.telegram.AlbumPart;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimMessage;
import io.storyreel.sim.telegram.SimUser;
import io.storyreel.sim.telegram.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Money through the real Telegram stack: clips already paid for are never paid again after a cancel, and a member
 * at their daily spending limit is refused at Confirm, told which limit and when it resets.
 */
class TelegramReuseAndLimitsTest {
    private TelegramStack stack;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private void threePhotos(SimChat chat, SimUser user) {
        stack.telegram.sendAlbum(chat, user, List.of(new AlbumPart(TestImages.jpeg(480, 360), "a kite over the dunes"),
                new AlbumPart(TestImages.jpeg(400, 400), "the string snaps"),
                new AlbumPart(TestImages.jpeg(360, 480), "the kite lands in the sea")));
        stack.await(chat, "3 of 6 photos");
    }

    private int downloadedClips() {
        return new Jdbc(stack.bot.database().dataSource()).one("SELECT COUNT(*) FROM clip WHERE state = 'DOWNLOADED'",
                rs -> rs.getInt(1)).orElse(0);
    }

    @Test
    void afterACancelTheClipsAlreadyMadeAreReusedAndOnlyTheRestIsPaid() throws Exception {
        // two clips at a time: the third starts when one is done, and the account keeps a slot free after the cancel
        stack = TelegramStack.start(TelegramStack.Options.defaults().withSetting("kling.max-concurrent-tasks", "2"));
        var tg = stack.telegram;
        var kling = stack.kling;
        SimUser alex = tg.user(5401, "Alex");
        SimChat chat = tg.privateChat(alex);
        threePhotos(chat, alex);
        stack.setKlingKeys(chat, alex, kling.accessKey(), kling.secretKey());

        int make = tg.sendCommand(chat, alex, "/make");
        SimMessage estimate = stack.awaitAfter(chat, make, m -> TelegramStack.confirmButton(m) != null);
        assertThat(estimate.text()).contains("Total: $0.63");
        tg.pressButton(chat, alex, estimate.messageId(), TelegramStack.confirmButton(estimate).callbackData());
        // two clips are made; the third is still at Kling when Alex changes his mind
        await().atMost(TelegramStack.STEP).until(() -> kling.journal().creates() >= 2);
        kling.faults().taskDuration(Duration.ofSeconds(30));
        await().atMost(TelegramStack.STEP).until(() -> kling.journal().creates() == 3 && downloadedClips() == 2);
        int cancel = tg.sendCommand(chat, alex, "/cancel");
        assertThat(stack.awaitTextAfter(chat, cancel, "Stopped").text()).contains("Clips 1, 2 and 3 were already paid");

        kling.faults().taskDuration(Duration.ofMillis(500));
        int again = tg.sendCommand(chat, alex, "/make");
        SimMessage second = stack.awaitAfter(chat, again, m -> TelegramStack.confirmButton(m) != null);
        assertThat(second.text()).contains("2 clips already made, $0.21 (1.5 units) to pay")
                .containsPattern("Clip \\d: already made, nothing to pay");
        assertThat(TelegramStack.confirmButton(second).text()).contains("$0.21");
        tg.pressButton(chat, alex, second.messageId(), TelegramStack.confirmButton(second).callbackData());
        SimMessage film = tg.awaitBotMessage(chat, m -> m.messageId() > second.messageId() && m.hasVideo(),
                TelegramStack.FILM);

        assertThat(kling.journal().creates()).as("one new clip; the two made before are reused").isEqualTo(4);
        assertThat(film.caption()).contains("3 clips").endsWith("$0.63 paid by Alex");
        stack.assertFilmIsSumOfClips(film.video(), 3);
    }

    @Test
    void aMemberAtTheDailySpendingLimitIsRefusedAtConfirmWithTheLimitAndItsReset() throws Exception {
        stack = TelegramStack.start(TelegramStack.Options.defaults().withSetting("limits.daily-spend-usd-per-user", "0.50"));
        var tg = stack.telegram;
        var kling = stack.kling;
        SimUser ann = tg.user(5501, "Ann");
        SimUser ben = tg.user(5502, "Ben");
        SimChat group = tg.group(-5500, "Kite club");
        stack.setKlingKeys(tg.privateChat(ben), ben, kling.accessKey(), kling.secretKey());
        int opened = tg.sendCommand(group, ann, "/new Kites");
        stack.awaitTextAfter(group, opened, "New storybook");
        List<String> prompts = List.of("a red kite", "a blue kite", "two kites");
        for (int i = 0; i < prompts.size(); i++) {
            tg.sendPhoto(group, ann, TestImages.jpeg(480, 360), "/add " + prompts.get(i));
            stack.await(group, (i + 1) + " of 6 photos");
        }
        int make = tg.sendCommand(group, ann, "/make");
        SimMessage estimate = stack.awaitAfter(group, make, m -> TelegramStack.confirmButton(m) != null);
        tg.pressButton(group, ben, estimate.messageId(), TelegramStack.confirmButton(estimate).callbackData());

        SimMessage refusal = stack.awaitTextAfter(group, estimate.messageId(), "daily limit");
        assertThat(refusal.text()).startsWith("For Ben: I can't make the film yet:")
                .contains("That would bring today's spending to $0.63, over your daily limit of $0.50.")
                .containsPattern("It resets at 00:00 UTC, in (\\d+ h )?\\d+ (h|min)\\.");
        assertThat(kling.journal().creates()).isZero();
    }
}
