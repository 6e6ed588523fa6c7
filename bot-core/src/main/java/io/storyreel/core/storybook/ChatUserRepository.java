package io.storyreel.core.storybook;

import io.storyreel.core.storage.Jdbc;

import io.storyreel.core.chat.UserRef;
import io.storyreel.core.storage.Database;

import java.time.Clock;
import java.util.Optional;

/** Rows of {@code chat_user}: everyone who talked to the bot, with their preferred provider. */
public final class ChatUserRepository {
    private final Jdbc sql;
    private final Clock clock;

    public ChatUserRepository(Database db, Clock clock) {
        this.sql = new Jdbc(db.dataSource());
        this.clock = clock;
    }

    /** Records the user (or refreshes the display name) on every event, so names in credits stay current. */
    public void touch(UserRef user) {
        int n = sql.update("UPDATE chat_user SET display_name = ? WHERE user_key = ?", user.displayName(), user.key());
        if (n == 0) {
            try {
                sql.update("INSERT INTO chat_user (user_key, display_name, provider, created_at) VALUES (?, ?, NULL, ?)",
                        user.key(), user.displayName(), clock.millis());
            } catch (RuntimeException raced) {
                // another thread inserted the same user first; the row is there, which is all we need
                sql.update("UPDATE chat_user SET display_name = ? WHERE user_key = ?", user.displayName(), user.key());
            }
        }
    }

    /** How the chat last showed this member, if they ever talked to the bot. */
    public Optional<String> displayName(String userKey) {
        return sql.one("SELECT display_name FROM chat_user WHERE user_key = ?", rs -> rs.getString(1), userKey)
                .filter(n -> n != null && !n.isBlank());
    }

    public Optional<String> preferredProvider(String userKey) {
        return sql.one("SELECT provider FROM chat_user WHERE user_key = ?", rs -> rs.getString(1), userKey)
                .filter(p -> p != null && !p.isBlank());
    }

    public void setPreferredProvider(String userKey, String provider) {
        sql.update("UPDATE chat_user SET provider = ? WHERE user_key = ?", provider, userKey);
    }
}
