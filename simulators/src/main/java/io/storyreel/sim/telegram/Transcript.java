package io.storyreel.sim.telegram;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders a fake chat the way its members see it: who wrote what, photos and files as short tags, the bot's messages
 * in their final state with their buttons, and marks for edits, deletions and what privacy mode hid from the bot.
 */
final class Transcript {
    private Transcript() {
    }

    static String render(SimChat chat, List<SimMessage> messages) {
        StringBuilder out = new StringBuilder();
        out.append("── ").append(chat.isPrivate() ? "private chat" : chat.type() + " \"" + chat.title() + "\"")
                .append(" ──\n");
        for (SimMessage m : messages) {
            String who = m.fromBot() ? "🤖 bot" : m.from() == null ? "?" : m.from().firstName();
            StringBuilder head = new StringBuilder();
            head.append(String.format("#%-3d %s", m.messageId(), who));
            if (m.replyTo() != null) {
                head.append(" ↪#").append(m.replyTo());
            }
            head.append(": ");
            String body = body(m);
            String indent = " ".repeat(Math.min(head.length(), 24));
            out.append(head).append(body.replace("\n", "\n" + indent));
            if (m.editCount() > 0) {
                out.append("  (edited ").append(m.editCount()).append("×)");
            }
            if (m.deleted()) {
                out.append("  [deleted]");
            }
            if (!m.seenByBot()) {
                out.append("  (privacy mode: the bot did not see this)");
            }
            out.append('\n');
            for (List<SimButton> row : m.buttons()) {
                out.append(indent).append(row.stream().map(b -> "[" + b.text() + "]")
                        .collect(Collectors.joining(" "))).append('\n');
            }
        }
        return out.toString();
    }

    private static String body(SimMessage m) {
        StringBuilder b = new StringBuilder();
        if (m.photo() != null) {
            b.append("🖼 photo ").append(size(m.photo().length));
            if (m.mediaGroupId() != null) {
                b.append(" (album)");
            }
        }
        if (m.video() != null) {
            b.append("🎬 video ").append(size(m.video().length));
        }
        if (m.document() != null) {
            b.append("📎 ").append(m.fileName()).append(" (").append(m.mimeType()).append(", ")
                    .append(size(m.document().length)).append(')');
        }
        if (m.text() != null) {
            b.append(m.text());
        }
        if (m.caption() != null) {
            b.append(b.length() > 0 ? " " : "").append('"').append(m.caption()).append('"');
        }
        return b.length() == 0 ? "(service message)" : b.toString();
    }

    private static String size(int bytes) {
        if (bytes >= 1024 * 1024) {
            return String.format("%.1f MB", bytes / (1024.0 * 1024));
        }
        return bytes >= 1024 ? (bytes / 1024) + " KB" : bytes + " B";
    }
}
