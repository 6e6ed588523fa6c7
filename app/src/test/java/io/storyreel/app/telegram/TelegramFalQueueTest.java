package io.storyreel.app.telegram;

import io.storyreel.sim.fal.FalSimulator;
import io.storyreel.sim.taskapi.SimSettings;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimMessage;
import io.storyreel.sim.telegram.SimUser;
import io.storyreel.sim.telegram.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * fal tells where a request stands in its queue ({@code queue_position}); the progress message carries it from fal's
 * status answer through the engine to the chat's row: "in the provider's queue (#3)", counting down, then the film.
 */
class TelegramFalQueueTest {
    private static final Pattern PLACE = Pattern.compile("in the provider's queue \\(#(\\d+)\\)");
    private FalSimulator fal;

    @BeforeEach
    void startFal() {
        fal = FalSimulator.start(SimSettings.fast().withClipSeconds(1));
    }

    @AfterEach
    void stop() {
        fal.close();
    }

    @Test
    void aRequestWaitingInFalsQueueShowsItsPlaceInTheProgressRow() throws Exception {
        // fal holds the next request for a while with three ahead of it, counting down
        fal.faults().holdNextTasks(1, Duration.ofSeconds(6), 3);
        try (TelegramStack stack = TelegramStack.start(TelegramStack.Options.defaults()
                .withSetting("providers.default", "fal").withSetting("fal.base-url", fal.baseUrl()))) {
            SimUser alex = stack.telegram.user(7, "Alex", "alex");
            SimChat chat = stack.telegram.privateChat(alex);
            stack.telegram.sendPhoto(chat, alex, TestImages.jpeg(480, 360), "a lighthouse in the storm");
            stack.await(chat, "1 of 6 photos");
            int sent = stack.telegram.sendCommand(chat, alex, "/setkeys fal " + fal.key());
            stack.awaitTextAfter(chat, sent, "Saved your fal.ai");

            SimMessage film = stack.makeAndConfirm(chat, alex, alex);
            assertThat(film.hasVideo()).isTrue();

            List<String> shown = stack.telegram.botMessages(chat).stream().flatMap(m -> m.history().stream())
                    .filter(t -> PLACE.matcher(t).find()).toList();
            assertThat(shown).as("the row said the request's place in fal's queue").isNotEmpty();
            int before = Integer.MAX_VALUE;
            for (String t : shown) {
                Matcher m = PLACE.matcher(t);
                assertThat(m.find()).isTrue();
                int place = Integer.parseInt(m.group(1));
                assertThat(place).as(t).isBetween(1, 4).isLessThanOrEqualTo(before);
                before = place;
            }
        }
    }
}
