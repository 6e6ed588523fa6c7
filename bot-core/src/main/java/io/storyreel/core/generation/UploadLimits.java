package io.storyreel.core.generation;

import io.storyreel.core.storage.Jdbc;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.Optional;

/**
 * What each chat's platform really accepts, learned from its answers ({@code chat_upload_limit}). A chat reports a
 * limit (Telegram 50 MB, Discord's configured per-file limit) that may be too high: a self-hosted Bot API, a server
 * without boosts. Its 413 / 40005 says only "smaller than this", so the engine keeps per chat the smallest size
 * refused and the largest taken, and bisects between them: a refused film is fitted again to half its size (or to
 * the largest size taken, when that is larger), and a later film aims between the two until they are within 5 %.
 * What was learned is forgotten after {@link #MEMORY} (the platform's limit may have changed).
 */
final class UploadLimits {
    static final Duration MEMORY = Duration.ofDays(30);
    private static final double CLOSE_ENOUGH = 0.05;

    private final Jdbc sql;

    UploadLimits(DataSource dataSource) {
        this.sql = new Jdbc(dataSource);
    }

    /** What was learned about one chat: either may be null. */
    record Learned(Long refused, Long accepted) {
    }

    Optional<Learned> learned(String chatKey, long now) {
        return sql.one("SELECT refused_bytes, accepted_bytes FROM chat_upload_limit WHERE chat_key = ? AND updated_at > ?",
                rs -> new Learned(Jdbc.longOrNull(rs, "refused_bytes"), Jdbc.longOrNull(rs, "accepted_bytes")),
                chatKey, now - MEMORY.toMillis());
    }

    /** The chat a storybook belongs to, as the key its row keeps (the engine knows no chat beyond that). */
    private String chatOf(String bookId) {
        return sql.one("SELECT chat_key FROM storybook WHERE id = ?", rs -> rs.getString(1), bookId)
                .orElseThrow(() -> new IllegalStateException("no storybook " + bookId));
    }

    /** The byte limit to fit a new film of this storybook's chat to: the reported one, or less when it refused less. */
    long forNewFilm(String bookId, long reported, long now) {
        Learned l = learned(chatOf(bookId), now).orElse(null);
        if (l == null || l.refused() == null) {
            return reported;
        }
        long target;
        if (l.accepted() != null && l.accepted() < l.refused()) {
            target = l.refused() - l.accepted() <= l.refused() * CLOSE_ENOUGH ? l.accepted()
                    : (l.accepted() + l.refused()) / 2;
        } else {
            target = l.refused() / 2;
        }
        return reported > 0 ? Math.min(reported, target) : target;
    }

    /**
     * The platform refused {@code bytes} of this storybook's film as too large: remember it for the chat and say what
     * to fit the film to now — the largest size this chat took, if that is at least half, else half.
     */
    long refused(String bookId, long bytes, long now) {
        String chatKey = chatOf(bookId);
        Learned l = learned(chatKey, now).orElse(new Learned(null, null));
        long refused = l.refused() == null ? bytes : Math.min(l.refused(), bytes);
        // a size taken earlier but not smaller than this one: the limit went down; forget it
        Long accepted = l.accepted() != null && l.accepted() < bytes ? l.accepted() : null;
        save(chatKey, refused, accepted, now);
        return accepted != null && accepted >= bytes / 2 ? accepted : bytes / 2;
    }

    /** The storybook's chat took a film of {@code bytes}. */
    void accepted(String bookId, long bytes, long now) {
        String chatKey = chatOf(bookId);
        Learned l = learned(chatKey, now).orElse(new Learned(null, null));
        long accepted = l.accepted() == null ? bytes : Math.max(l.accepted(), bytes);
        // a size refused earlier but not larger than this one: the limit went up; forget it
        Long refused = l.refused() != null && l.refused() > accepted ? l.refused() : null;
        save(chatKey, refused, accepted, now);
    }

    private void save(String chatKey, Long refused, Long accepted, long now) {
        if (sql.update("UPDATE chat_upload_limit SET refused_bytes = ?, accepted_bytes = ?, updated_at = ? WHERE chat_key = ?",
                refused, accepted, now, chatKey) == 1) {
            return;
        }
        try {
            sql.update("INSERT INTO chat_upload_limit (chat_key, refused_bytes, accepted_bytes, updated_at) VALUES (?, ?, ?, ?)",
                    chatKey, refused, accepted, now);
        } catch (Jdbc.StorageException e) {
            if (!e.isDuplicateKey()) {
                throw e;
            }
            // another worker wrote this chat's row first: its news is as good as ours
        }
    }
}
