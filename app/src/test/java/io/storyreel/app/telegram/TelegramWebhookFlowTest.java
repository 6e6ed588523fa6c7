package io.storyreel.app.telegram;

import io.storyreel.sim.telegram.AlbumPart;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimMessage;
import io.storyreel.sim.telegram.SimUser;
import io.storyreel.sim.telegram.TestImages;
import io.storyreel.sim.telegram.WebhookCall;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole bot with {@code telegram.mode: webhook}: the fake Bot API POSTs every update to the bot's webhook with
 * the secret it was given (generated for this install and kept owner-only in the data folder), a film is made and
 * delivered that way, and a forged update (no secret, or a wrong one) is refused with 401 and changes nothing: no
 * storybook, no answer in the chat.
 */
class TelegramWebhookFlowTest {
    @Test
    void aFilmArrivesByWebhookAndAForgedUpdateChangesNothing() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/hooks/telegram";
        try (TelegramStack stack = TelegramStack.start(TelegramStack.Options.defaults()
                .withSetting("telegram.mode", "webhook")
                .withSetting("telegram.webhook.public-url", url)
                .withSetting("telegram.webhook.port", Integer.toString(port)))) {
            Path secretFile = stack.data.resolve("telegram-webhook-secret");
            assertThat(secretFile).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile))).isEqualTo("rw-------");
            String secret = Files.readString(secretFile).strip();
            assertThat(stack.telegram.webhookInfo().url()).isEqualTo(url);
            assertThat(stack.telegram.webhookInfo().hasSecret()).isTrue();

            SimUser ana = stack.telegram.user(5150, "Ana");
            SimChat chat = stack.telegram.privateChat(ana);
            stack.telegram.sendCommand(chat, ana, "/start");
            stack.await(chat, "/make");
            stack.telegram.sendAlbum(chat, ana, List.of(new AlbumPart(TestImages.jpeg(480, 360), "a boat sails"),
                    new AlbumPart(TestImages.jpeg(480, 360), "the boat docks")));
            stack.await(chat, "2 of 6 photos");
            stack.setKlingKeys(chat, ana, stack.kling.accessKey(), stack.kling.secretKey());
            SimMessage film = stack.makeAndConfirm(chat, ana, ana);
            assertThat(film.video()).isNotEmpty();
            assertThat(stack.kling.journal().creates()).isEqualTo(2);

            // a stranger who found the webhook's address: a well-formed /new from another user
            SimUser mallory = stack.telegram.user(6660, "Mallory");
            SimChat malloryChat = stack.telegram.privateChat(mallory);
            String forged = "{\"update_id\":990001,\"message\":{\"message_id\":1,\"date\":1796000000,"
                    + "\"chat\":{\"id\":6660,\"type\":\"private\",\"first_name\":\"Mallory\"},"
                    + "\"from\":{\"id\":6660,\"is_bot\":false,\"first_name\":\"Mallory\"},\"text\":\"/new Heist\","
                    + "\"entities\":[{\"type\":\"bot_command\",\"offset\":0,\"length\":4}]}}";
            long booksBefore = count(stack, "SELECT COUNT(*) FROM storybook");
            long usersBefore = count(stack, "SELECT COUNT(*) FROM chat_user");
            assertThat(post(url, forged, null)).isEqualTo(401);
            assertThat(post(url, forged, "not-" + secret)).isEqualTo(401);
            // the bot is still live: a real update after the forged ones is answered
            stack.telegram.sendCommand(chat, ana, "/help");
            stack.await(chat, "/make");
            assertThat(count(stack, "SELECT COUNT(*) FROM storybook")).isEqualTo(booksBefore);
            assertThat(count(stack, "SELECT COUNT(*) FROM chat_user")).isEqualTo(usersBefore);
            assertThat(stack.telegram.botMessages(malloryChat)).as("nothing was said to the forger").isEmpty();
            assertThat(stack.telegram.webhookCalls()).noneMatch(WebhookCall::dropPendingUpdates);
        }
    }

    private static int post(String url, String json, String secret) throws Exception {
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (secret != null) {
            rb.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        return HttpClient.newHttpClient().send(rb.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static long count(TelegramStack stack, String sql) throws Exception {
        try (Connection c = stack.bot.database().dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
