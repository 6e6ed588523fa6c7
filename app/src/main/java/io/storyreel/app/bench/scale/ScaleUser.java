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
 * film and confirms, then waits for the video. Remembers when Confirm was pressed and when the film arrived (the fake
 * Telegram's journal says when it took the film, so a film that came while other users were still ordering is timed
 * as exactly as one that came later).
 */
final class ScaleUser {
    private final FakeTelegramServer telegram;
    private final SimUser user;
    private final SimChat chat;
    private volatile long confirmedMillis;
    private volatile boolean seen;
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
        confirmedMillis = System.currentTimeMillis();
        telegram.pressButton(chat, user, estimate.messageId(), confirm(estimate).callbackData());
    }

    /** True once the film is in the chat. */
    boolean checkDelivered() {
        if (!seen && !telegram.videos(chat).isEmpty()) {
            seen = true;
        }
        return seen;
    }

    /** Wall-clock time of the press on Confirm. */
    long confirmedMillis() {
        return confirmedMillis;
    }

    String chatId() {
        return Long.toString(chat.id());
    }

    long chatNumber() {
        return chat.id();
    }

    /** When the fake Telegram took the film (its own journal's time, wall clock), once known. */
    void deliveredAt(long epochMillis) {
        this.deliveredMillis = epochMillis;
    }

    long deliveredMillis() {
        return deliveredMillis;
    }

    boolean delivered() {
        return seen && deliveredMillis != 0;
    }

    int films() {
        return telegram.videos(chat).size();
    }

    private static SimButton confirm(SimMessage m) {
        return m.buttons().stream().flatMap(List::stream).filter(b -> b.text().contains("Confirm")).findFirst().orElse(null);
    }
}
