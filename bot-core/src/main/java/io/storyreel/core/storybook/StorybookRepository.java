package io.storyreel.core.storybook;

import io.storyreel.core.storage.Jdbc;

import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.storage.Database;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Rows of {@code storybook}. A chat has at most one open storybook (COLLECTING … DELIVERING); finished ones stay
 * for {@code history} and {@code redo}.
 */
public final class StorybookRepository {
    private static final String COLUMNS = "id, platform, chat_id, chat_kind, title, state, owner_key, payer_key, "
            + "provider, settings_json, anchor_msg_id, status_msg_id, created_at, updated_at";
    private static final String OPEN_STATES = Arrays.stream(StorybookState.values()).filter(StorybookState::open)
            .map(s -> "'" + s + "'").collect(Collectors.joining(", ", "(", ")"));
    private static final String RUNNING_STATES = Arrays.stream(StorybookState.values()).filter(StorybookState::running)
            .map(s -> "'" + s + "'").collect(Collectors.joining(", ", "(", ")"));

    private final Jdbc sql;
    private final Clock clock;

    public StorybookRepository(Database db, Clock clock) {
        this.sql = new Jdbc(db.dataSource());
        this.clock = clock;
    }

    public Storybook create(ChatRef chat, String title, String ownerKey, String provider, StorybookSettings settings) {
        String id = UUID.randomUUID().toString();
        long now = clock.millis();
        sql.update("INSERT INTO storybook (" + COLUMNS + ", chat_key) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, NULL, NULL, ?, ?, ?)",
                id, chat.platform().name(), chat.chatId(), chat.kind().name(), title, StorybookState.COLLECTING.name(),
                ownerKey, provider, settings.toJson(), now, now, chat.key());
        return find(id).orElseThrow();
    }

    public Optional<Storybook> find(String id) {
        return sql.one("SELECT " + COLUMNS + " FROM storybook WHERE id = ?", StorybookRepository::map, id);
    }

    /** The chat's current storybook, if any (the newest open one, should there ever be two). */
    public Optional<Storybook> findOpen(ChatRef chat) {
        return sql.one("SELECT " + COLUMNS + " FROM storybook WHERE chat_key = ? AND state IN " + OPEN_STATES
                + " ORDER BY created_at DESC, id", StorybookRepository::map, chat.key());
    }

    /** The chat's newest storybook in any state (what {@code redo} and the film buttons refer to). */
    public Optional<Storybook> findLatest(ChatRef chat) {
        return sql.one("SELECT " + COLUMNS + " FROM storybook WHERE chat_key = ? ORDER BY created_at DESC, id",
                StorybookRepository::map, chat.key());
    }

    /** Films that are being made right now and paid by this user (for the running-films limit). */
    public int countRunningPaidBy(String userKey) {
        return sql.one("SELECT COUNT(*) FROM storybook WHERE payer_key = ? AND state IN " + RUNNING_STATES,
                rs -> rs.getInt(1), userKey).orElse(0);
    }

    /** Storybooks this user confirmed (and paid for) since {@code sinceMillis}, for the daily limit. */
    public int countConfirmedBySince(String userKey, long sinceMillis) {
        return sql.one("SELECT COUNT(*) FROM storybook WHERE payer_key = ? AND updated_at >= ? AND state NOT IN ('COLLECTING', 'CONFIRMING')",
                rs -> rs.getInt(1), userKey, sinceMillis).orElse(0);
    }

    /**
     * Moves the storybook to {@code to} only if it is in one of {@code from}; false when someone else changed it
     * first (a second press of the same button, or the engine moving on).
     */
    public boolean transition(String id, StorybookState to, StorybookState... from) {
        String in = Arrays.stream(from).map(s -> "'" + s + "'").collect(Collectors.joining(", ", "(", ")"));
        return sql.update("UPDATE storybook SET state = ?, updated_at = ? WHERE id = ? AND state IN " + in,
                to.name(), clock.millis(), id) == 1;
    }

    /**
     * Confirming a film: the member who confirmed becomes the payer. Only from CONFIRMING; the engine's
     * {@code start} then moves the storybook on to GENERATING.
     */
    public boolean confirm(String id, String payerKey) {
        return sql.update("UPDATE storybook SET payer_key = ?, updated_at = ? WHERE id = ? AND state = ?",
                payerKey, clock.millis(), id, StorybookState.CONFIRMING.name()) == 1;
    }

    /** The member who asked for a redo pays for it. */
    public void setPayer(String id, String payerKey) {
        touch("payer_key", payerKey, id);
    }

    public void setTitle(String id, String title) {
        touch("title", title, id);
    }

    public void setProvider(String id, String provider) {
        touch("provider", provider, id);
    }

    public void setSettings(String id, StorybookSettings settings) {
        touch("settings_json", settings.toJson(), id);
    }

    public void setAnchorMessage(String id, String messageId) {
        touch("anchor_msg_id", messageId, id);
    }

    public void setStatusMessage(String id, String messageId) {
        touch("status_msg_id", messageId, id);
    }

    private void touch(String column, Object value, String id) {
        sql.update("UPDATE storybook SET " + column + " = ?, updated_at = ? WHERE id = ?", value, clock.millis(), id);
    }

    /** Finished storybooks of the chat, newest first. */
    public List<Storybook> listFinished(ChatRef chat, int max) {
        return sql.query("SELECT " + COLUMNS + " FROM storybook WHERE chat_key = ? AND state = 'DONE' ORDER BY updated_at DESC, id",
                StorybookRepository::map, chat.key()).stream().limit(max).toList();
    }

    static Storybook map(ResultSet rs) throws SQLException {
        return new Storybook(rs.getString("id"),
                Storybook.chatOf(rs.getString("platform"), rs.getString("chat_id"), rs.getString("chat_kind")),
                rs.getString("title"), StorybookState.valueOf(rs.getString("state")), rs.getString("owner_key"),
                rs.getString("payer_key"), rs.getString("provider"),
                StorybookSettings.fromJson(rs.getString("settings_json")), rs.getString("anchor_msg_id"),
                rs.getString("status_msg_id"), rs.getLong("created_at"), rs.getLong("updated_at"));
    }
}
