package io.storyreel.app.engine;

import io.storyreel.app.demo.SamplePhotos;
import io.storyreel.sim.kling.KlingSimulator;
import io.storyreel.sim.telegram.AlbumPart;
import io.storyreel.sim.telegram.FakeTelegramServer;
import io.storyreel.sim.telegram.SimButton;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimMessage;
import io.storyreel.sim.telegram.SimUser;

import java.time.Duration;
import java.util.List;

/**
 * A Telegram user who makes one Kling film through the fake Bot API, step by step as a person would: /start, an
 * album of captioned photos, /setkeys, /make, Confirm. Each step waits for the bot's answer before the next.
 */
final class FilmUser {
    private static final Duration STEP = Duration.ofSeconds(30);

    final FakeTelegramServer telegram;
    final SimUser user;
    final SimChat chat;

    FilmUser(FakeTelegramServer telegram, long id, String name) {
        this.telegram = telegram;
        this.user = telegram.user(id, name);
        this.chat = telegram.privateChat(user);
    }

    /** Everything up to and including the press on Confirm; {@code photos} is 1–3 sample photos. */
    void orderFilm(KlingSimulator kling, int photos) {
        telegram.sendCommand(chat, user, "/start");
        telegram.awaitBotText(chat, "/make", STEP);
        List<SamplePhotos.Sample> samples = SamplePhotos.all().subList(0, photos);
        if (photos == 1) {
            telegram.sendPhoto(chat, user, samples.get(0).jpeg(), samples.get(0).prompt());
        } else {
            telegram.sendAlbum(chat, user, samples.stream().map(s -> new AlbumPart(s.jpeg(), s.prompt())).toList());
        }
        telegram.awaitBotMessage(chat, m -> m.textOrCaption().contains("Added") && m.textOrCaption().contains(photos + " of"), STEP);
        telegram.sendCommand(chat, user, "/setkeys kling " + kling.accessKey() + " " + kling.secretKey());
        telegram.awaitBotText(chat, "Saved your", STEP);
        telegram.sendCommand(chat, user, "/make");
        SimMessage estimate = telegram.awaitBotMessage(chat, m -> confirm(m) != null, STEP);
        telegram.pressButton(chat, user, estimate.messageId(), confirm(estimate).callbackData());
    }

    SimMessage awaitFilm(Duration timeout) {
        return telegram.awaitBotMessage(chat, SimMessage::hasVideo, timeout);
    }

    List<SimMessage> films() {
        return telegram.videos(chat);
    }

    String transcript() {
        return telegram.transcript(chat);
    }

    private static SimButton confirm(SimMessage m) {
        return m.buttons().stream().flatMap(List::stream).filter(b -> b.text().contains("Confirm")).findFirst().orElse(null);
    }
}
