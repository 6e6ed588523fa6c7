package io.storyreel.app.telegram;

import io.storyreel.sim.telegram.AlbumPart;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimMessage;
import io.storyreel.sim.telegram.SimUser;
import io.storyreel.sim.telegram.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Costs that add up, through the real stack: a clip fails at Kling (which deducts 0 units for it), the payer
 * retries it, and the film's caption says exactly what the simulator charged the account, in units and dollars.
 */
class TelegramCostsAddUpTest {
    /** Kling's standard resource pack: $700 for 5,000 units (providers.md §1.10), as in the bundled catalogue. */
    private static final double USD_PER_UNIT = 0.14;
    private static final Pattern COST = Pattern.compile("\\$(\\d+\\.\\d\\d) \\(([\\d.]+) units\\)");

    private TelegramStack stack;
    private SimUser alex;
    private SimChat chat;

    @BeforeEach
    void start() throws Exception {
        stack = TelegramStack.start();
        alex = stack.telegram.user(4545, "Alex", "alex");
        chat = stack.telegram.privateChat(alex);
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    @Test
    void aRetriedFilmsCaptionSaysWhatTheProviderActuallyCharged() {
        var tg = stack.telegram;
        tg.sendAlbum(chat, alex, List.of(
                new AlbumPart(TestImages.jpeg(480, 360), "a red fox jumps over the fence"),
                new AlbumPart(TestImages.jpeg(400, 400), "the fox runs into the forest"),
                new AlbumPart(TestImages.jpeg(360, 480), "night falls over the trees")));
        stack.await(chat, "3 of 6 photos");
        stack.setKlingKeys(chat, alex, stack.kling.accessKey(), stack.kling.secretKey());
        int make = tg.sendCommand(chat, alex, "/make");
        SimMessage estimate = stack.awaitAfter(chat, make, m -> TelegramStack.confirmButton(m) != null);
        Matcher estimated = Pattern.compile("Total: " + COST.pattern()).matcher(estimate.text());
        assertThat(estimated.find()).as(estimate.text()).isTrue();
        // the button says the dollars once; the units are in the estimate above it
        assertThat(TelegramStack.confirmButton(estimate).text()).isEqualTo("✅ Confirm ($" + estimated.group(1) + ")");

        stack.kling.faults().failNextTask("The image could not be animated");
        tg.pressButton(chat, alex, estimate.messageId(), TelegramStack.confirmButton(estimate).callbackData());
        SimMessage pause = stack.await(chat, "failed:");
        // a retry film: the failed clip is made again on the pause's Retry button
        assertThat(pause.buttons().get(0).get(0).text()).startsWith("🔁 Retry clip");
        tg.pressButton(chat, alex, pause.messageId(), pause.buttons().get(0).get(0).callbackData());
        SimMessage film = tg.awaitBotMessage(chat, m -> m.messageId() > pause.messageId() && m.hasVideo(),
                TelegramStack.FILM);

        assertThat(stack.kling.journal().createsFor(stack.kling.accessKey())).isEqualTo(4); // one failed, three made
        double charged = stack.kling.unitsCharged(stack.kling.accessKey());
        assertThat(charged).isPositive();
        Matcher caption = COST.matcher(film.caption());
        assertThat(caption.find()).as(film.caption()).isTrue();
        assertThat(Double.parseDouble(caption.group(2))).isCloseTo(charged, within(1e-9));
        assertThat(caption.group(1)).isEqualTo(String.format(java.util.Locale.ROOT, "%.2f", charged * USD_PER_UNIT));
        // the failed attempt cost nothing, so the charge is what was estimated, and the caption says it once
        assertThat(caption.group(1)).isEqualTo(estimated.group(1));
        assertThat(film.caption()).doesNotContain("estimated").contains("paid by Alex");
        assertThat(film.caption()).contains("$" + caption.group(1) + " paid by Alex");
    }
}
