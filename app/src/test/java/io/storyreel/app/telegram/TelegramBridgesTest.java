package io.storyreel.app.telegram;

import io.storyreel.sim.taskapi.CallJournal;
import io.storyreel.sim.taskapi.Frames;
import io.storyreel.sim.taskapi.TestImages;
import io.storyreel.sim.telegram.AlbumPart;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimMessage;
import io.storyreel.sim.telegram.SimUser;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bridges mode through the whole real stack (TelegramBots against the fake Bot API, the Kling client against the
 * Kling simulator, the real engine and merger): each clip starts on its photo and ends on the next one, so where two
 * clips meet both show the same photo; the same photos made as separate clips do not meet like that.
 */
class TelegramBridgesTest {
    /** Mean channel difference under which a frame "is" a photo (the simulator's renders land under 8). */
    private static final double SAME = 10;

    private static final byte[] MEADOW = TestImages.jpeg(640, 480, new Color(220, 40, 30), new Color(250, 220, 40));
    private static final byte[] LAKE = TestImages.jpeg(640, 480, new Color(20, 40, 200), new Color(40, 220, 230));
    private static final byte[] FOREST = TestImages.jpeg(640, 480, new Color(20, 160, 40), new Color(10, 10, 10));

    @Test
    void aBridgesFilmFlowsThroughEveryPhotoAndClipsDoNot() throws Exception {
        try (TelegramStack stack = TelegramStack.start()) {
            var tg = stack.telegram;
            SimUser ada = tg.user(4270, "Ada", "ada");
            SimChat chat = tg.privateChat(ada);
            stack.setKlingKeys(chat, ada, stack.kling.accessKey(), stack.kling.secretKey());
            sendPhotos(stack, chat, ada);

            // the default model ends on no given frame in its default mode: the estimate says so, names the ones
            // that can, and nothing is sent
            int film = tg.sendCommand(chat, ada, "/settings mode bridges");
            stack.awaitTextAfter(chat, film, "Film: bridges");
            int make = tg.sendCommand(chat, ada, "/make");
            SimMessage refused = stack.awaitTextAfter(chat, make, "Bridges need a model");
            assertThat(refused.text()).contains("Kling 2.5 Turbo (std, 5 s) cannot")
                    .contains("Kling 1.0 (std-5, pro-5)").contains("/settings film clips");
            assertThat(TelegramStack.confirmButton(refused)).isNull();
            assertThat(stack.kling.journal().creates()).isZero();

            int model = tg.sendCommand(chat, ada, "/settings model kling-v1");
            stack.awaitTextAfter(chat, model, "Model: Kling 1.0");
            int list = tg.sendCommand(chat, ada, "/list");
            assertThat(stack.awaitTextAfter(chat, list, "3 of 6 photos").textOrCaption())
                    .contains("· bridges").contains("(bridge 1 → 2)").contains("(bridge 2 → 3)").contains("(clip 3)");

            make = tg.sendCommand(chat, ada, "/make");
            SimMessage estimate = stack.awaitAfter(chat, make, m -> TelegramStack.confirmButton(m) != null);
            assertThat(estimate.text()).contains("Your film: 3 clips with Kling AI (Kling 1.0, std, 5 s) · bridges\n")
                    .contains("Bridge 1 → 2: ").contains("Bridge 2 → 3: ").contains("Clip 3: ");
            tg.pressButton(chat, ada, estimate.messageId(), TelegramStack.confirmButton(estimate).callbackData());
            SimMessage bridges = tg.awaitBotMessage(chat, m -> m.messageId() > estimate.messageId() && m.hasVideo(),
                    TelegramStack.FILM);
            assertThat(bridges.caption()).contains("kling-v1 · bridges · 3 clips");
            assertThat(bridges.buttons().get(0).get(0).text()).isEqualTo("🔁 Redo bridge 1 → 2");

            // the journal: each bridge created with both images, the last photo's own clip with one
            List<List<String>> images = stack.kling.journal().calls().stream().filter(CallJournal.Call::created)
                    .map(CallJournal.Call::images).toList();
            assertThat(images).containsExactlyInAnyOrder(List.of("image", "image_tail"), List.of("image", "image_tail"),
                    List.of("image"));

            List<Path> clips = stack.clipsOfLatestFilm();
            assertThat(clips).hasSize(3);
            Frames one = Frames.of(clips.get(0));
            Frames two = Frames.of(clips.get(1));
            Frames three = Frames.of(clips.get(2));
            assertThat(Frames.difference(one.first(), MEADOW)).isLessThan(SAME);
            assertThat(Frames.difference(one.last(), LAKE)).as("bridge 1 ends on photo 2").isLessThan(SAME);
            assertThat(Frames.difference(two.first(), LAKE)).as("bridge 2 starts on photo 2").isLessThan(SAME);
            assertThat(Frames.difference(two.last(), FOREST)).as("bridge 2 ends on photo 3").isLessThan(SAME);
            assertThat(Frames.difference(three.first(), FOREST)).as("clip 3 starts on photo 3").isLessThan(SAME);
            stack.assertFilmIsSumOfClips(bridges.video(), 3);

            // the same photos as separate clips: where clip 1 ends is nothing like photo 2
            sendPhotos(stack, chat, ada);
            int clipsMode = tg.sendCommand(chat, ada, "/settings film clips");
            stack.awaitTextAfter(chat, clipsMode, "Film: clips");
            stack.makeAndConfirm(chat, ada, ada);
            List<Path> separate = stack.clipsOfLatestFilm();
            assertThat(separate).hasSize(3);
            assertThat(Frames.difference(Frames.of(separate.get(0)).last(), LAKE)).isGreaterThan(SAME);
            assertThat(Frames.difference(Frames.of(separate.get(1)).last(), FOREST)).isGreaterThan(SAME);
        }
    }

    @Test
    void aHeldLastPhotoEndsTheFilmOnTheLastBridge() throws Exception {
        try (TelegramStack stack = TelegramStack.start()) {
            var tg = stack.telegram;
            SimUser bo = tg.user(4271, "Bo", "bo");
            SimChat chat = tg.privateChat(bo);
            stack.setKlingKeys(chat, bo, stack.kling.accessKey(), stack.kling.secretKey());
            tg.sendAlbum(chat, bo, List.of(new AlbumPart(MEADOW, "the meadow turns to water"),
                    new AlbumPart(LAKE, null)));
            stack.await(chat, "2 of 6 photos");
            for (String s : List.of("model kling-v1", "film bridges", "last hold")) {
                int sent = tg.sendCommand(chat, bo, "/settings " + s);
                stack.awaitTextAfter(chat, sent, "⚙️ Settings");
            }
            // the held photo needs no caption: it is no clip's prompt
            int make = tg.sendCommand(chat, bo, "/make");
            SimMessage estimate = stack.awaitAfter(chat, make, m -> TelegramStack.confirmButton(m) != null);
            assertThat(estimate.text()).contains("1 clip").contains("Bridge 1 → 2: ")
                    .contains("ends on the last photo").doesNotContain("Clip 2");
            tg.pressButton(chat, bo, estimate.messageId(), TelegramStack.confirmButton(estimate).callbackData());
            tg.awaitBotMessage(chat, m -> m.messageId() > estimate.messageId() && m.hasVideo(), TelegramStack.FILM);

            assertThat(stack.kling.journal().creates()).isEqualTo(1);
            List<Path> clips = stack.clipsOfLatestFilm();
            assertThat(clips).hasSize(1);
            assertThat(Frames.difference(Frames.of(clips.get(0)).last(), LAKE)).isLessThan(SAME);
        }
    }

    private static void sendPhotos(TelegramStack stack, SimChat chat, SimUser user) {
        List<Integer> sent = stack.telegram.sendAlbum(chat, user, List.of(
                new AlbumPart(MEADOW, "the meadow floods into a lake"),
                new AlbumPart(LAKE, "the lake freezes and trees grow"),
                new AlbumPart(FOREST, "night falls in the forest")));
        // after this album: the second storybook's photos, not the first one's "3 of 6 photos"
        stack.awaitTextAfter(chat, sent.get(sent.size() - 1), "3 of 6 photos");
    }
}
