package io.storyreel.sim.telegram;

import java.util.List;

/**
 * A snapshot of one message in a fake chat, as the users see it: sent by a user ({@code from}) or by the bot
 * ({@code fromBot}). {@code history} holds every text the message showed, oldest first (so edits can be counted);
 * {@code text} is the current one; {@code shownAt} says when each was shown (wall-clock time). {@code videoShape}
 * is what the bot said of a video it sent (null for other messages), {@code thumbnail} the picture it sent with it
 * (null when none), {@code captionEntities} the entities the bot
 * put on its caption. Media bytes are those the bot uploaded or the user sent. {@code seenByBot} is
 * false for group messages privacy mode hid from the bot.
 */
public record SimMessage(int messageId, boolean fromBot, SimUser from, String text, String caption,
                         List<String> history, List<List<SimButton>> buttons, boolean forceReply,
                         byte[] photo, byte[] video, boolean supportsStreaming, byte[] document, String fileName,
                         String mimeType, Integer replyTo, String mediaGroupId, boolean deleted, boolean seenByBot,
                         List<java.time.Instant> shownAt, SimVideoShape videoShape,
                         SimThumbnail thumbnail, List<SimEntity> captionEntities) {

    /** The users a {@code text_mention} on the caption notifies, in the caption's order. */
    public List<Long> mentionedUserIds() {
        return captionEntities.stream().filter(e -> "text_mention".equals(e.type())).map(SimEntity::userId).toList();
    }

    /** The caption text an entity covers. */
    public String covered(SimEntity e) {
        return caption.substring(e.offset(), e.offset() + e.length());
    }

    /** How many times the bot edited this message. */
    public int editCount() {
        return Math.max(0, history.size() - 1);
    }

    public boolean hasVideo() {
        return video != null;
    }

    /** All callback data of the current keyboard, row by row. */
    public List<String> buttonData() {
        return buttons.stream().flatMap(List::stream).map(SimButton::callbackData).toList();
    }

    /** The text or, for media, the caption; never null. */
    public String textOrCaption() {
        if (text != null) {
            return text;
        }
        return caption == null ? "" : caption;
    }
}
