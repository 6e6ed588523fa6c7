package io.storyreel.telegram;

import io.storyreel.core.conversation.testing.TestBot;
import io.storyreel.core.chat.ChatEvent;
import io.storyreel.sim.telegram.FakeTelegramServer;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimUser;
import io.storyreel.sim.telegram.WebhookCall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhook mode through the real library (TelegramBots' setWebhook, getWebhookInfo and deleteWebhook, its Update
 * model) against the fake Bot API, which POSTs updates with the secret header: updates with the right secret are
 * handled, a call with a wrong or missing secret is refused with 401 and changes nothing, and switching between
 * polling and webhook at start loses no update (drop_pending_updates is never used).
 */
class TelegramWebhookTest {
    private static final String SECRET = "s3cr3t-Token_for-the-webhook";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private FakeTelegramServer server;
    private final RecordingSink sink = new RecordingSink();
    private TelegramBot bot;
    private SimUser eve;
    private SimChat chat;
    private int port;

    @BeforeEach
    void start() throws Exception {
        server = FakeTelegramServer.start(TelegramTestBed.fastServer());
        eve = server.user(4711, "Eve");
        chat = server.privateChat(eve);
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
        server.close();
    }

    private TelegramSettings polling() {
        return TelegramSettings.of(server.token(), server.baseUrl(), server.baseUrl(), 50_000_000)
                .withPacing(Duration.ofMillis(20), Duration.ofMillis(60));
    }

    private TelegramSettings webhook() {
        return polling().withWebhook(new TelegramSettings.Webhook(hookUrl(), "127.0.0.1", port, SECRET));
    }

    private String hookUrl() {
        return "http://127.0.0.1:" + port + "/telegram";
    }

    private ChatEvent.Command command(String name) {
        return sink.next(ChatEvent.Command.class, c -> c.name().equals(name));
    }

    private long commands(String name) {
        return sink.events().stream().filter(e -> e instanceof ChatEvent.Command c && c.name().equals(name)).count();
    }

    @Test
    void updatesWithTheRightSecretAreHandledAndCallsWithoutItAreRefused() throws Exception {
        bot = TelegramBot.start(webhook(), TestBot.catalog(), sink);
        assertThat(server.webhookInfo().url()).isEqualTo(hookUrl());
        assertThat(server.webhookInfo().hasSecret()).isTrue();
        assertThat(bot.receiving()).isTrue();

        server.sendCommand(chat, eve, "/start");
        assertThat(command("start").user().userId()).isEqualTo("4711");
        await().atMost(Duration.ofSeconds(5)).until(() -> server.webhookInfo().pendingUpdates() == 0);
        assertThat(server.webhookInfo().lastErrorMessage()).isNull();

        // what a forger would send: a well-formed update, without the secret or with a wrong one
        String forged = "{\"update_id\":900001,\"message\":{\"message_id\":77,\"date\":1796000000,"
                + "\"chat\":{\"id\":4711,\"type\":\"private\",\"first_name\":\"Eve\"},"
                + "\"from\":{\"id\":4711,\"is_bot\":false,\"first_name\":\"Eve\"},\"text\":\"/forgetkeys\","
                + "\"entities\":[{\"type\":\"bot_command\",\"offset\":0,\"length\":11}]}}";
        assertThat(post(forged, null)).isEqualTo(401);
        assertThat(post(forged, "wrong-secret")).isEqualTo(401);
        assertThat(post(forged, SECRET.substring(0, SECRET.length() - 1))).isEqualTo(401);
        assertThat(post(forged, SECRET + "x")).isEqualTo(401);
        server.sendCommand(chat, eve, "/help");
        command("help");
        assertThat(commands("forgetkeys")).as("nothing from a refused call reached the bot").isZero();
        assertThat(sink.events()).hasSize(2);

        // the same update with the secret is taken, once even if Telegram sends it again
        assertThat(post(forged, SECRET)).isEqualTo(200);
        assertThat(post(forged, SECRET)).isEqualTo(200);
        command("forgetkeys");
        Thread.sleep(300);
        assertThat(commands("forgetkeys")).isEqualTo(1);
    }

    @Test
    void switchingBetweenPollingAndWebhookAtStartLosesNoUpdate() {
        bot = TelegramBot.start(polling(), TestBot.catalog(), sink);
        server.sendCommand(chat, eve, "/start");
        command("start");
        bot.close();

        server.sendCommand(chat, eve, "/help"); // while the bot is down
        bot = TelegramBot.start(webhook(), TestBot.catalog(), sink);
        command("help");
        server.sendCommand(chat, eve, "/list");
        command("list");
        bot.close();

        server.sendCommand(chat, eve, "/status"); // the webhook is still set, and nobody answers it
        await().atMost(Duration.ofSeconds(10)).until(() -> server.webhookInfo().lastErrorMessage() != null);
        bot = TelegramBot.start(polling(), TestBot.catalog(), sink);
        command("status");
        assertThat(server.webhookInfo().url()).as("back to polling").isEmpty();

        assertThat(sink.events()).extracting(e -> ((ChatEvent.Command) e).name())
                .containsExactly("start", "help", "list", "status");
        assertThat(server.webhookCalls()).extracting(WebhookCall::method).contains("setwebhook", "deletewebhook");
        assertThat(server.webhookCalls()).noneMatch(WebhookCall::dropPendingUpdates);
    }

    private int post(String json, String secret) throws Exception {
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(hookUrl())).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (secret != null) {
            rb.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        return HTTP.send(rb.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
