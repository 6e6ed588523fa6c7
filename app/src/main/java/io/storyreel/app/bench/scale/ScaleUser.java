package io.storyreel.app.bench.scale;

import io.storyreel.sim.telegram.AlbumPart;
import io.storyreel.sim.telegram.FakeTelegramServer;
import io.storyreel.sim.telegram.SimButton;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimMessage;
import io.storyreel.sim.telegram.SimUser;

import java.time.Duration;
import java.util.List;

/**
 * One simulated user on the fake Telegram: sends an album of captioned photos, stores the Kling keys, asks for the
 * film and confirms, then waits for the video. Remembers when Confirm was pressed and when the film arrived.
 */
final class ScaleUser {
    private final FakeTelegramServer telegram;
    private final SimUser user;
    private final SimChat chat;
    private volatile long confirmedNanos;
    private volatile long confirmedMillis;
    private volatile long deliveredNanos;
    private volatile long deliveredMillis;

    ScaleUser(FakeTelegramServer telegram, long id) {
        this.telegram = telegram;
        this.user = telegram.user(id, "User" + id);
        this.chat = telegram.privateChat(user);
    }

    /** Everything up to the press on Confirm. */
    void order(List<byte[]> photos, String accessKey, String secretKey, Duration step) {
        List<AlbumPart> parts = new java.util.ArrayList<>();
        for (int i = 0; i < photos.size(); i++) {
            parts.add(new AlbumPart(photos.get(i), "scene " + (i + 1) + ": the camera slowly pans"));
        }
        telegram.sendAlbum(chat, user, parts);
        int n = photos.size();
        telegram.awaitBotMessage(chat, m -> m.textOrCaption().contains("Added") && m.textOrCaption().contains(n + " of"), step);
        telegram.sendCommand(chat, user, "/setkeys kling " + accessKey + " " + secretKey);
        telegram.awaitBotText(chat, "Saved your", step);
        telegram.sendCommand(chat, user, "/make");
        SimMessage estimate = telegram.awaitBotMessage(chat, m -> confirm(m) != null, step);
        confirmedNanos = System.nanoTime();
        confirmedMillis = System.currentTimeMillis();
        telegram.pressButton(chat, user, estimate.messageId(), confirm(estimate).callbackData());
    }

    /** True once the film is in the chat; the first call that sees it records {@code now} as its arrival. */
    boolean checkDelivered(long now) {
        if (deliveredNanos == 0 && !telegram.videos(chat).isEmpty()) {
            deliveredNanos = now;
            deliveredMillis = System.currentTimeMillis();
        }
        return deliveredNanos != 0;
    }

    long confirmedNanos() {
        return confirmedNanos;
    }

    /** Wall-clock time of the press on Confirm, to compare with the database's times. */
    long confirmedMillis() {
        return confirmedMillis;
    }

    String chatId() {
        return Long.toString(chat.id());
    }

    /** Wall-clock time the film was seen in the chat, to compare with the database's times. */
    long deliveredMillis() {
        return deliveredMillis;
    }

    long deliveredNanos() {
        return deliveredNanos;
    }

    boolean delivered() {
        return deliveredNanos != 0;
    }

    int films() {
        return telegram.videos(chat).size();
    }

    private static SimButton confirm(SimMessage m) {
        return m.buttons().stream().flatMap(List::stream).filter(b -> b.text().contains("Confirm")).findFirst().orElse(null);
    }
}
