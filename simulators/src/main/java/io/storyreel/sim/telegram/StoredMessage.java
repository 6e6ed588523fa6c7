package io.storyreel.sim.telegram;

import java.util.ArrayList;
import java.util.List;

/**
 * One message as the fake world holds it, mutable while the bot edits it; {@link #snapshot} is what tests get. Every
 * text it showed is kept in {@code history}, with the moment it was shown (wall-clock time, so tests can measure how
 * far apart the bot's edits came), so edits can be counted.
 */
final class StoredMessage {
    final int id;
    final boolean fromBot;
    final SimUser from;
    final long date;
    final List<String> history = new ArrayList<>();
    final List<java.time.Instant> shownAt = new ArrayList<>();
    String text;
    String caption;
    List<List<SimButton>> buttons = List.of();
    boolean forceReply;
    byte[] photo;
    List<StoredFile> photoSizes;
    byte[] video;
    StoredFile videoFile;
    boolean supportsStreaming;
    SimVideoShape videoShape;
    SimThumbnail thumbnail;
    List<SimEntity> captionEntities = List.of();
    byte[] document;
    StoredFile documentFile;
    /** How the file travels: {@code document} (null), {@code audio} (a music file) or {@code voice} (a voice message). */
    String documentKind;
    String fileName;
    String mimeType;
    Integer replyTo;
    String mediaGroupId;
    Long migrateTo;
    boolean deleted;
    boolean seenByBot;

    StoredMessage(int id, boolean fromBot, SimUser from, long date) {
        this.id = id;
        this.fromBot = fromBot;
        this.from = from;
        this.date = date;
    }

    /** Shows {@code newText} (a first text or an edit), remembering it in the history. */
    void show(String newText) {
        text = newText;
        history.add(newText);
        shownAt.add(java.time.Instant.now());
    }

    boolean hasButton(String callbackData) {
        return buttons.stream().flatMap(List::stream).anyMatch(b -> callbackData.equals(b.callbackData()));
    }

    SimMessage snapshot() {
        return new SimMessage(id, fromBot, from, text, caption, List.copyOf(history), buttons, forceReply, photo,
                video, supportsStreaming, document, fileName, mimeType, replyTo, mediaGroupId, deleted,
                fromBot || seenByBot, List.copyOf(shownAt), videoShape, thumbnail,
                captionEntities);
    }
}
