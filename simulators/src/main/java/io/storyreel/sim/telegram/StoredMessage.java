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
    /** What the bot sent; a user's photo is only in {@code photoSizes} (the original last). */
    byte[] photo;
    List<StoredFile> photoSizes;
    byte[] video;
    StoredFile videoFile;
    boolean supportsStreaming;
    SimVideoShape videoShape;
    SimThumbnail thumbnail;
    List<SimEntity> captionEntities = List.of();
    /** What the bot sent; a user's file is only in {@code documentFile}. */
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
        // what a user sent is on disk only (the caller holds its own copy if it wants one): read it when asked
        byte[] shownPhoto = photo != null || photoSizes == null || photoSizes.isEmpty() ? photo
                : photoSizes.get(photoSizes.size() - 1).bytes();
        byte[] shownDocument = document != null || documentFile == null ? document : documentFile.bytes();
        return new SimMessage(id, fromBot, from, text, caption, List.copyOf(history), buttons, forceReply, shownPhoto,
                video, supportsStreaming, shownDocument, fileName, mimeType, replyTo, mediaGroupId, deleted,
                fromBot || seenByBot, List.copyOf(shownAt), videoShape, thumbnail,
                captionEntities);
    }
}
