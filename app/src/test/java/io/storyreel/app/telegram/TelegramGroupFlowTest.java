package io.storyreel.app.telegram;

import io.storyreel.core.conversation.contract.SyntaxLeaks;
import io.storyreel.core.conversation.testing.TestBot;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimMessage;
import io.storyreel.sim.telegram.SimUser;
import io.storyreel.sim.telegram.TestImages;
import io.storyreel.telegram.TelegramSyntax;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A group storybook: two members add scenes (a reply to the storybook message, and {@code /add} on a photo), a
 * member without keys cannot confirm, and the third member confirms and pays with her own Kling account.
 */
class TelegramGroupFlowTest {
    private static final String CARA_ACCESS = "cara-kling-access-key";
    private static final String CARA_SECRET = "cara-kling-secret-key-0123456789abc";

    private TelegramStack stack;

    @BeforeEach
    void start() throws Exception {
        stack = TelegramStack.start();
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    @Test
    void twoMembersContributeAndTheThirdConfirmsAndPays() throws Exception {
        var tg = stack.telegram;
        SimUser ann = tg.user(101, "Ann", "ann");
        SimUser bob = tg.user(102, "Bob", "bob");
        SimUser cara = tg.user(103, "Cara", "cara");
        SimChat group = tg.group(-5001, "Beach friends");
        // Ann and Cara each keep keys of their own Kling account with the bot (in private); Bob has none
        stack.setKlingKeys(tg.privateChat(ann), ann, stack.kling.accessKey(), stack.kling.secretKey());
        stack.kling.addAccount(CARA_ACCESS, CARA_SECRET);
        stack.setKlingKeys(tg.privateChat(cara), cara, CARA_ACCESS, CARA_SECRET);

        int opened = tg.sendCommand(group, ann, "/new Beach day");
        SimMessage anchor = stack.awaitTextAfter(group, opened, "New storybook");
        tg.replyPhoto(group, ann, anchor.messageId(), TestImages.jpeg(480, 360), "waves roll onto the sand");
        stack.await(group, "1 of 6 photos");
        int chatter = tg.sendText(group, bob, "ooh nice");
        tg.sendPhoto(group, bob, TestImages.jpeg(400, 400), "/add a kite rises into the sky");
        stack.await(group, "2 of 6 photos");
        assertThat(tg.message(group, chatter).orElseThrow().seenByBot()).isFalse(); // privacy mode: not for the bot

        int list = tg.sendCommand(group, cara, "/list");
        SimMessage board = stack.awaitTextAfter(group, list, "Beach day");
        assertThat(board.photo()).isNotNull();
        assertThat(board.caption()).contains("1. waves roll onto the sand – by Ann")
                .contains("2. a kite rises into the sky – by Bob");

        int make = tg.sendCommand(group, ann, "/make");
        SimMessage estimate = stack.awaitAfter(group, make, m -> TelegramStack.confirmButton(m) != null);
        assertThat(estimate.text()).contains("Whoever presses Confirm pays with their own Kling");
        String confirm = TelegramStack.confirmButton(estimate).callbackData();

        tg.pressButton(group, bob, estimate.messageId(), confirm);
        SimMessage refusal = stack.awaitTextAfter(group, estimate.messageId(), "You have no Kling AI keys yet");
        // everyone in the group sees the refusal, so it says whom it is for
        assertThat(refusal.text()).startsWith("For Bob: I can't make the film yet");

        tg.pressButton(group, cara, estimate.messageId(), confirm);
        SimMessage film = tg.awaitBotMessage(group, m -> m.messageId() > estimate.messageId() && m.hasVideo(),
                TelegramStack.FILM);

        assertThat(stack.await(group, "Confirmed by").text()).isEqualTo("Confirmed by Cara. Starting…");
        assertThat(film.caption()).contains("Beach day").contains("2 clips").contains("Scenes by Ann, Bob");
        // in a group the film mentions its makers and its payer over their names, so each is notified
        assertThat(film.mentionedUserIds()).containsExactly(101L, 102L, 103L);
        assertThat(film.captionEntities().stream().map(film::covered)).containsExactly("Ann", "Bob", "Cara");
        assertThat(film.caption()).contains("paid by Cara");
        assertThat(stack.kling.journal().createsFor(CARA_ACCESS)).isEqualTo(2);
        assertThat(stack.kling.journal().createsFor(stack.kling.accessKey())).isZero();
        stack.assertFilmIsSumOfClips(film.video(), 2);

        stack.await(group, "Done! Your film is below"); // the status message ends without its Cancel button
        assertThat(stack.await(group, "Done! Your film is below").buttons()).isEmpty();
        // every text the bot ever showed in the group or the private chats (edits included) is in Telegram's syntax
        List<String> shown = new ArrayList<>();
        for (SimChat chat : List.of(group, tg.privateChat(ann), tg.privateChat(cara))) {
            tg.botMessages(chat).forEach(m -> {
                shown.addAll(m.history());
                shown.add(m.textOrCaption());
            });
        }
        assertThat(String.join("\n", shown)).contains("reply to this message with your photo", "/make");
        assertThat(SyntaxLeaks.in(new TelegramSyntax(TestBot.catalog()), shown)).isEmpty();

        String transcript = tg.transcript(group);
        Path out = Path.of("target", "telegram-transcripts", "group-flow.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, transcript, StandardCharsets.UTF_8);
        System.out.println(transcript);
    }
}
