package io.storyreel.app.telegram;

import io.storyreel.app.Main;
import io.storyreel.sim.telegram.SimButton;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimMessage;
import io.storyreel.sim.telegram.SimUser;
import io.storyreel.sim.telegram.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The data a running bot keeps, through the whole real stack: backed up and restored, and a nearly full disk. */
class TelegramDataAtRestTest {
    @TempDir
    Path tmp;

    @Test
    void aFilmsBotBackedUpAndRestoredIntoAFreshDataFolderStillHasItsHistoryAndTheUsersKeys() throws Exception {
        Path backup = tmp.resolve("backup");
        Path restored = tmp.resolve("restored");
        byte[] film;
        try (TelegramStack stack = TelegramStack.start()) {
            SimUser alex = stack.telegram.user(4242, "Alex", "alex");
            SimChat chat = stack.telegram.privateChat(alex);
            stack.telegram.sendPhoto(chat, alex, TestImages.jpeg(480, 360), "a red fox jumps over the fence");
            stack.await(chat, "1 of 6 photos");
            stack.setKlingKeys(chat, alex, stack.kling.accessKey(), stack.kling.secretKey());
            film = stack.makeAndConfirm(chat, alex, alex).video();
            stack.await(chat, "Done! Your film is below");
            stack.bot.close(); // H2 allows one process per file: the documented backup is of a stopped bot

            assertThat(Main.execute("backup", "--out", backup.toString(), "--data-dir", stack.data.toString())).isZero();
        }
        // the original data folder is gone (the stack deleted it); only the backup is left
        assertThat(Main.execute("restore", "--from", backup.toString(), "--data-dir", restored.toString())).isZero();

        try (TelegramStack again = TelegramStack.start(TelegramStack.Options.defaults().withSetting("data-dir", restored.toString()))) {
            SimUser alex = again.telegram.user(4242, "Alex", "alex");
            SimChat chat = again.telegram.privateChat(alex);

            int asked = again.telegram.sendCommand(chat, alex, "/history");
            SimMessage history = again.awaitTextAfter(chat, asked, "Your last 1 film");
            SimButton first = history.buttons().get(0).get(0);
            assertThat(first.text()).startsWith("1. ");
            again.telegram.pressButton(chat, alex, history.messageId(), first.callbackData());
            SimMessage resent = again.awaitAfter(chat, history.messageId(), SimMessage::hasVideo);
            assertThat(resent.video()).isEqualTo(film);

            // the stored keys decrypt with the restored keyset: /make reaches the estimate without /setkeys
            int photo = again.telegram.sendPhoto(chat, alex, TestImages.jpeg(400, 400), "the fox runs home");
            again.awaitTextAfter(chat, photo, "1 of 6 photos");
            int make = again.telegram.sendCommand(chat, alex, "/make");
            SimMessage estimate = again.awaitAfter(chat, make, m -> TelegramStack.confirmButton(m) != null
                    || m.textOrCaption().contains("/setkeys") || m.textOrCaption().contains("cannot be decrypted"));
            assertThat(TelegramStack.confirmButton(estimate)).as(estimate.textOrCaption()).isNotNull();
        }
    }

    @Test
    void belowTheFreeSpaceFloorANewFilmIsRefusedAndNothingIsPaid() throws Exception {
        // a floor of a terabyte: more than this machine has free
        try (TelegramStack stack = TelegramStack.start(TelegramStack.Options.defaults().withSetting("storage.min-free-mb", "1000000"))) {
            SimUser alex = stack.telegram.user(4343, "Alex", "alex");
            SimChat chat = stack.telegram.privateChat(alex);
            stack.telegram.sendPhoto(chat, alex, TestImages.jpeg(480, 360), "a red fox jumps over the fence");
            stack.await(chat, "1 of 6 photos");
            stack.setKlingKeys(chat, alex, stack.kling.accessKey(), stack.kling.secretKey());
            int make = stack.telegram.sendCommand(chat, alex, "/make");

            // /make says so at once, with no estimate to confirm
            SimMessage refused = stack.awaitTextAfter(chat, make, "The bot's storage is nearly full, so no new film can start "
                    + "right now. Films already being made will finish. Please try again later.");
            assertThat(TelegramStack.confirmButton(refused)).isNull();
            assertThat(stack.kling.journal().createsFor(stack.kling.accessKey())).isZero();
            // the photos are still there for when there is room again
            int list = stack.telegram.sendCommand(chat, alex, "/list");
            assertThat(stack.awaitTextAfter(chat, list, "1 of 6 photos").textOrCaption()).contains("a red fox jumps over the fence");
        }
    }
}
