package io.storyreel.app.telegram;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.storyreel.sim.fal.FalSimulator;
import io.storyreel.sim.taskapi.SimSettings;
import io.storyreel.sim.telegram.AlbumPart;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimMessage;
import io.storyreel.sim.telegram.SimUser;
import io.storyreel.sim.telegram.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * fal.ai through the whole bot, polls set an hour apart so that only a webhook can bring the film in time: a
 * completion webhook signed with fal's key (the simulator's, published as its JWKS) makes the engine poll the clip at
 * once through the bot's own callback server; one the bot cannot verify (it trusts another key set, or the webhook is
 * unsigned) is refused, logged, and changes nothing: no poll, no clip, no film. A film cancelled while fal still holds
 * its requests cancels them at fal, and none is paid.
 */
class TelegramFalTest {
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final List<Logger> watched = new ArrayList<>();
    private final List<Level> levels = new ArrayList<>();
    private FalSimulator fal;
    private FalSimulator stranger;

    @BeforeEach
    void startFal() {
        fal = FalSimulator.start(SimSettings.fast().withClipSeconds(1));
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        logs.setContext(ctx);
        logs.start();
        for (String name : List.of("io.storyreel.app.runtime.CallbackServer", "io.storyreel.core.provider.fal")) {
            Logger l = ctx.getLogger(name);
            watched.add(l);
            levels.add(l.getLevel());
            l.setLevel(Level.DEBUG);
            l.addAppender(logs);
        }
    }

    @AfterEach
    void stop() {
        for (int i = 0; i < watched.size(); i++) {
            watched.get(i).detachAppender(logs);
            watched.get(i).setLevel(levels.get(i));
        }
        fal.close();
        if (stranger != null) {
            stranger.close();
        }
    }

    private TelegramStack.Options falWithWebhooks(String jwksUrl) throws IOException {
        int port = freePort();
        return TelegramStack.Options.defaults()
                .withPolls(Duration.ofHours(1), Duration.ofHours(1))
                .withSetting("providers.default", "fal")
                .withSetting("fal.base-url", fal.baseUrl())
                .withSetting("fal.webhook-jwks-url", jwksUrl)
                .withSetting("callbacks.public-url", "http://127.0.0.1:" + port + "/hooks")
                .withSetting("callbacks.port", Integer.toString(port));
    }

    private void twoPhotosWithFalKeys(TelegramStack stack, SimChat chat, SimUser alex) {
        stack.telegram.sendCommand(chat, alex, "/start");
        stack.await(chat, "/make");
        stack.telegram.sendAlbum(chat, alex, List.of(
                new AlbumPart(TestImages.jpeg(480, 360), "a lighthouse in the storm"),
                new AlbumPart(TestImages.jpeg(400, 400), "the storm passes")));
        stack.await(chat, "2 of 6 photos");
        int sent = stack.telegram.sendCommand(chat, alex, "/setkeys fal " + fal.key());
        stack.awaitTextAfter(chat, sent, "Saved your fal.ai");
    }

    @Test
    void aWellSignedWebhookMakesTheEnginePollTheClipAtOnce() throws Exception {
        try (TelegramStack stack = TelegramStack.start(falWithWebhooks(fal.jwksUrl()))) {
            SimUser alex = stack.telegram.user(4251, "Alex", "alex");
            SimChat chat = stack.telegram.privateChat(alex);
            twoPhotosWithFalKeys(stack, chat, alex);

            SimMessage film = stack.makeAndConfirm(chat, alex, alex);

            assertThat(film.caption()).contains("2 clips");
            assertThat(fal.journal().createsFor(fal.key())).isEqualTo(2);
            String secret = Files.readString(stack.data.resolve("callback-secret")).strip();
            assertThat(fal.callbacksSent()).as("fal's webhooks reached the bot and were taken").isNotEmpty()
                    .allMatch(c -> c.status() == 200 && c.url().equals("http://127.0.0.1:"
                            + stack.config.callbacks().port() + "/hooks/" + secret + "/fal?app=fal-ai%2Fpika"));
            assertThat(messages()).anyMatch(m -> m.startsWith("fal callback for task fal-ai/pika/requests/"))
                    .noneMatch(m -> m.startsWith("Ignored a fal.ai webhook"));
        }
    }

    @Test
    void aWebhookTheBotCannotVerifyChangesNothing() throws Exception {
        stranger = FalSimulator.start(SimSettings.fast()); // its JWKS holds another key than the one fal signs with
        try (TelegramStack stack = TelegramStack.start(falWithWebhooks(stranger.jwksUrl()))) {
            SimUser alex = stack.telegram.user(4252, "Alex", "alex");
            SimChat chat = stack.telegram.privateChat(alex);
            twoPhotosWithFalKeys(stack, chat, alex);
            makeAndConfirmWithoutWaiting(stack, chat, alex);

            await().atMost(Duration.ofSeconds(60)).until(() -> fal.callbacksSent().size() >= 2);
            String unsigned = "{\"request_id\":\"" + requestIds(stack).get(0) + "\",\"status\":\"OK\",\"payload\":{}}";
            HttpResponse<String> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    fal.callbacksSent().get(0).url())).POST(HttpRequest.BodyPublishers.ofString(unsigned)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Thread.sleep(3000); // past the callback debounce: an early poll would have happened by now

            assertThat(fal.callbacksSent()).as("fal's webhooks, signed with a key the bot does not trust")
                    .allMatch(c -> c.status() == 400);
            assertThat(forged.statusCode()).as("an unsigned one").isEqualTo(400);
            assertThat(clipStates(stack)).as("no clip was polled").containsOnly("SUBMITTED 0");
            assertThat(stack.telegram.botMessages(chat)).noneMatch(SimMessage::hasVideo);
            assertThat(messages()).noneMatch(m -> m.contains("callback for task"))
                    .anyMatch(m -> m.contains("signature does not verify"))
                    .anyMatch(m -> m.contains("it is not signed"));
            assertThat(fal.journal().createsFor(fal.key())).isEqualTo(2);
        }
    }

    /** The user cancels the film while fal still holds its requests: each is cancelled at fal and nothing is paid. */
    @Test
    void aCancelledFilmCancelsItsRequestsAtFal() throws Exception {
        fal.faults().holdNextTasks(2, Duration.ofMinutes(5), 3);
        try (TelegramStack stack = TelegramStack.start(falWithWebhooks(fal.jwksUrl()))) {
            SimUser alex = stack.telegram.user(4253, "Alex", "alex");
            SimChat chat = stack.telegram.privateChat(alex);
            twoPhotosWithFalKeys(stack, chat, alex);
            makeAndConfirmWithoutWaiting(stack, chat, alex);
            await().atMost(Duration.ofSeconds(30)).until(() -> fal.journal().createsFor(fal.key()) == 2);

            stack.telegram.sendCommand(chat, alex, "/cancel");

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(fal.journal().calls())
                    .filteredOn(c -> c.method().equals("PUT") && c.path().endsWith("/cancel"))
                    .as("each queued request cancelled at fal").hasSize(2).allMatch(c -> c.httpStatus() == 202));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(fal.charges()).hasSize(2)
                    .allMatch(c -> c.charged() != null && c.charged().signum() == 0));
            assertThat(fal.journal().createsFor(fal.key())).isEqualTo(2);
        }
    }

    private static void makeAndConfirmWithoutWaiting(TelegramStack stack, SimChat chat, SimUser alex) {
        int make = stack.telegram.sendCommand(chat, alex, "/make");
        SimMessage estimate = stack.awaitAfter(chat, make, m -> TelegramStack.confirmButton(m) != null);
        stack.telegram.pressButton(chat, alex, estimate.messageId(), TelegramStack.confirmButton(estimate).callbackData());
    }

    private List<String> messages() {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static List<String> requestIds(TelegramStack stack) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = stack.bot.database().dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT provider_task_id FROM clip ORDER BY position")) {
            while (rs.next()) {
                String id = rs.getString(1);
                out.add(id.substring(id.lastIndexOf('/') + 1));
            }
        }
        return out;
    }

    private static List<String> clipStates(TelegramStack stack) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = stack.bot.database().dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT state, poll_count FROM clip")) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getInt(2));
            }
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
