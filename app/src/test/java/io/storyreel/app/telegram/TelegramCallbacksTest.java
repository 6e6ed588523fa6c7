package io.storyreel.app.telegram;

import io.storyreel.sim.telegram.AlbumPart;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimMessage;
import io.storyreel.sim.telegram.SimUser;
import io.storyreel.sim.telegram.TestImages;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Provider callbacks end to end: the bot gives Kling a callback URL it serves itself, and each status change the
 * simulator POSTs makes the engine poll that clip at once. Polls are set an hour apart, so the film can only arrive
 * in time through the callbacks.
 */
class TelegramCallbacksTest {

    @Test
    void klingsCallbacksBringTheFilmWithoutWaitingForTheNextPoll() throws Exception {
        int port = freePort();
        TelegramStack.Options options = TelegramStack.Options.defaults()
                .withPolls(Duration.ofHours(1), Duration.ofHours(1))
                .withSetting("callbacks.public-url", "http://127.0.0.1:" + port + "/hooks")
                .withSetting("callbacks.port", Integer.toString(port));
        try (TelegramStack stack = TelegramStack.start(options)) {
            SimUser alex = stack.telegram.user(4243, "Alex", "alex");
            SimChat chat = stack.telegram.privateChat(alex);
            stack.telegram.sendCommand(chat, alex, "/start");
            stack.await(chat, "/make");
            stack.telegram.sendAlbum(chat, alex, List.of(
                    new AlbumPart(TestImages.jpeg(480, 360), "a lighthouse in the storm"),
                    new AlbumPart(TestImages.jpeg(400, 400), "the storm passes")));
            stack.await(chat, "2 of 6 photos");
            stack.setKlingKeys(chat, alex, stack.kling.accessKey(), stack.kling.secretKey());

            SimMessage film = stack.makeAndConfirm(chat, alex, alex);

            assertThat(film.caption()).contains("2 clips");
            assertThat(stack.kling.journal().createsFor(stack.kling.accessKey())).isEqualTo(2);
            assertThat(stack.kling.callbacksSent()).as("the simulator reached the bot's callback endpoint")
                    .isNotEmpty().allMatch(c -> c.status() == 200 && c.url().matches(".*/hooks/[A-Za-z0-9_-]{43}/kling"));
            // the secret path segment was made once for this install and is kept in its data dir
            assertThat(stack.kling.callbacksSent().get(0).url())
                    .contains("/hooks/" + Files.readString(stack.data.resolve("callback-secret")).strip() + "/kling");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
