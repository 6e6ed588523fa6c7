package io.storyreel.app.telegram;

import io.storyreel.sim.telegram.AlbumPart;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimMessage;
import io.storyreel.sim.telegram.SimUser;
import io.storyreel.sim.telegram.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each bad input gets one clear message, and nothing already collected is lost: after each one a {@code /status}
 * marker shows the bot said exactly one thing about it and still holds every photo.
 */
class TelegramBadInputTest {
    private TelegramStack stack;
    private SimUser alex;
    private SimChat chat;

    @BeforeEach
    void start() throws Exception {
        stack = TelegramStack.start(TelegramStack.Options.defaults().withMaxPhotoMb("1"));
        alex = stack.telegram.user(4243, "Alex");
        chat = stack.telegram.privateChat(alex);
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    private int lastId(SimChat c) {
        List<SimMessage> all = stack.telegram.messages(c);
        return all.isEmpty() ? 0 : all.get(all.size() - 1).messageId();
    }

    /** Runs the input, then checks the bot answered it with one message containing {@code expected}. */
    private SimMessage oneReply(SimChat c, SimUser user, Runnable input, String expected, String statusHas) {
        int before = lastId(c);
        input.run();
        List<SimMessage> replies = stack.repliesUpToStatus(c, user, before);
        assertThat(replies).as(stack.telegram.transcript(c)).extracting(SimMessage::textOrCaption).hasSize(1).first().asString().contains(expected);
        List<SimMessage> bot = stack.telegram.botMessages(c);
        assertThat(bot.get(bot.size() - 1).textOrCaption()).contains(statusHas);
        return replies.get(0);
    }

    private static byte[] noisePng(int side) throws Exception {
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(7);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                img.setRGB(x, y, r.nextInt());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    @Test
    void eachBadInputGetsOneClearMessageAndNothingIsLost() throws Exception {
        var tg = stack.telegram;
        tg.sendAlbum(chat, alex, List.of(new AlbumPart(TestImages.jpeg(480, 360), "a boat leaves the harbour"),
                new AlbumPart(TestImages.jpeg(400, 400), "gulls circle the mast")));
        stack.await(chat, "2 of 6 photos");

        oneReply(chat, alex, () -> tg.sendDocument(chat, alex, "%PDF-1.4 not a photo".getBytes(StandardCharsets.US_ASCII),
                "notes.pdf", "application/pdf"), "\"notes.pdf\" is not a photo I can use", "2 of 6 photos");

        byte[] heavy = noisePng(700);
        assertThat(heavy.length).isGreaterThan(1024 * 1024);
        oneReply(chat, alex, () -> tg.sendDocument(chat, alex, heavy, "heavy.png", "image/png", "a storm"),
                "more than the 1.0 MB I accept", "2 of 6 photos");

        byte[] huge = new byte[21 * 1024 * 1024]; // over what a bot may download: refused without fetching it
        huge[0] = (byte) 0xFF;
        huge[1] = (byte) 0xD8;
        oneReply(chat, alex, () -> tg.sendDocument(chat, alex, huge, "huge.jpg", "image/jpeg", "far away"),
                "\"huge.jpg\" is 21.0 MB, more than the 1.0 MB I accept", "2 of 6 photos");

        oneReply(chat, alex, () -> tg.sendPhoto(chat, alex, TestImages.jpeg(1200, 100), "a thin strip"),
                "Please send one at least 128 pixels on each side", "2 of 6 photos");

        oneReply(chat, alex, () -> tg.sendCommand(chat, alex, "/frobnicate"), "I don't know /frobnicate",
                "2 of 6 photos");

        // a caption longer than Kling takes (Premium users can send long captions): the photo is kept and the bot
        // asks for a shorter prompt in a reply the user can answer
        int longOne = tg.sendPhoto(chat, alex, TestImages.jpeg(420, 420), "x".repeat(2600));
        SimMessage ask = stack.awaitTextAfter(chat, longOne, "Scene 3's prompt is 2600 characters, but Kling AI takes at most 2500");
        int shorter = tg.reply(chat, alex, ask.messageId(), "the harbour lights come on");
        stack.awaitTextAfter(chat, shorter, "Scene 3: “the harbour lights come on”");

        tg.sendAlbum(chat, alex, List.of(new AlbumPart(TestImages.jpeg(480, 360), "four"),
                new AlbumPart(TestImages.jpeg(480, 360), "five"), new AlbumPart(TestImages.jpeg(480, 360), "six")));
        stack.await(chat, "6 of 6 photos");
        oneReply(chat, alex, () -> tg.sendPhoto(chat, alex, TestImages.jpeg(480, 360), "seven"),
                "A storybook holds at most 6 photos, so that photo was not added", "6 of 6 photos");

        // a stale estimate: the estimate is shown, then the storybook changes. Its buttons are retired at once, so the
        // old Confirm can no longer be pressed (a press that races the edit is answered "out of date": FilmFlowTest,
        // DoubleTapAcrossProcessesTest)
        stack.setKlingKeys(chat, alex, stack.kling.accessKey(), stack.kling.secretKey());
        int make = tg.sendCommand(chat, alex, "/make");
        SimMessage estimate = stack.awaitAfter(chat, make, m -> TelegramStack.confirmButton(m) != null);
        int removed = tg.sendCommand(chat, alex, "/remove 6");
        stack.awaitTextAfter(chat, removed, "Removed scene 6");
        SimMessage retired = tg.message(chat, estimate.messageId()).orElseThrow();
        assertThat(retired.text()).startsWith("This estimate is out of date: the storybook changed.");
        assertThat(retired.buttons()).isEmpty();
        assertThat(stack.kling.journal().creates()).isZero();

        // a command in the wrong kind of chat: /setkeys belongs in a private chat
        SimUser gus = tg.user(4244, "Gus");
        SimChat group = tg.group(-7001, "Crew");
        oneReply(group, gus, () -> tg.sendCommand(group, gus, "/setkeys"), "only works in a private chat with me",
                "No storybook");
    }
}
