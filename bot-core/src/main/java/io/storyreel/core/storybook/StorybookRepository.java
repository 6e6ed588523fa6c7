package io.storyreel.core.storybook;

import io.storyreel.core.storage.Jdbc;

import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.storage.Database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.storyreel.core.storybook.InList.bind;

/**
 * Rows of {@code storybook}. A chat has at most one open storybook (COLLECTING … DELIVERING); finished ones stay
 * for {@code history} and {@code redo}. The conversation moves a storybook only between its own states (collecting,
 * confirming, set aside); the generation engine writes every state from GENERATING on.
 */
public final class StorybookRepository {
    private static final String INSERTED = "id, platform, chat_id, chat_kind, title, state, owner_key, payer_key, "
            + "provider, settings_json, anchor_msg_id, status_msg_id, created_at, updated_at";
    private static final String COLUMNS = INSERTED + ", started_at, pause_reason, upload_limit_bytes, asked_by";
    private static final InList CONFIRMING = InList.of(EnumSet.of(StorybookState.CONFIRMING));

    private final Jdbc sql;
    private final Clock clock;

    public StorybookRepository(Database db, Clock clock) {
        this.sql = new Jdbc(db.dataSource());
        this.clock = clock;
    }

    public Storybook create(ChatRef chat, String title, String ownerKey, String provider, StorybookSettings settings) {
        String id = UUID.randomUUID().toString();
        long now = clock.millis();
        sql.update("INSERT INTO storybook (" + INSERTED + ", chat_key) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, NULL, NULL, ?, ?, ?)",
                id, chat.platform().name(), chat.chatId(), chat.kind().name(), title, StorybookState.COLLECTING.name(),
                ownerKey, provider, settings.toJson(), now, now, chat.key());
        return find(id).orElseThrow();
    }

    public Optional<Storybook> find(String id) {
        return sql.inConnection(c -> find(c, id));
    }

    /** The storybook's row, read on the caller's connection. */
    public static Optional<Storybook> find(Connection c, String id) throws SQLException {
        return Jdbc.one(c, "SELECT " + COLUMNS + " FROM storybook WHERE id = ?", StorybookRepository::map, id);
    }

    /** The chat's current storybook, if any (the newest open one, should there ever be two). */
    public Optional<Storybook> findOpen(ChatRef chat) {
        return sql.one("SELECT " + COLUMNS + " FROM storybook WHERE chat_key = ? AND state IN " + StorybookState.OPEN.sql()
                + " ORDER BY created_at DESC, id", StorybookRepository::map, bind(chat.key(), StorybookState.OPEN));
    }

    /** The chat's newest storybook in any state (what {@code redo} and the film buttons refer to). */
    public Optional<Storybook> findLatest(ChatRef chat) {
        return sql.one("SELECT " + COLUMNS + " FROM storybook WHERE chat_key = ? ORDER BY created_at DESC, id",
                StorybookRepository::map, chat.key());
    }

    /** The storybook's row, locked until {@code c}'s transaction ends (the engine decides under this lock). */
    public static Optional<Storybook> lock(Connection c, String id) throws SQLException {
        return Jdbc.one(c, "SELECT " + COLUMNS + " FROM storybook WHERE id = ? FOR UPDATE", StorybookRepository::map, id);
    }

    /**
     * COLLECTING or CONFIRMING → CONFIRMING: an estimate asked for by {@code askedBy} is shown and waits for someone
     * to confirm it; nobody pays for it yet.
     */
    public boolean awaitConfirmation(String id, String askedBy) {
        return sql.update("UPDATE storybook SET state = ?, payer_key = NULL, asked_by = ?, updated_at = ? WHERE id = ? "
                + "AND state IN " + StorybookState.UNCONFIRMED.sql(), bind(StorybookState.CONFIRMING, askedBy, clock.millis(),
                id, StorybookState.UNCONFIRMED)) == 1;
    }

    /** CONFIRMING → COLLECTING: the estimate is stale or declined; false if it had moved on already. */
    public boolean backToCollecting(String id) {
        return move(id, StorybookState.COLLECTING, CONFIRMING);
    }

    /**
     * An unconfirmed storybook (COLLECTING or CONFIRMING) is put aside as CANCELLED, for a fresh one; false when it
     * was confirmed meanwhile (then it is the engine's to end).
     */
    public boolean setAside(String id) {
        return move(id, StorybookState.CANCELLED, StorybookState.UNCONFIRMED);
    }

    private boolean move(String id, StorybookState to, InList from) {
        return sql.update("UPDATE storybook SET state = ?, updated_at = ? WHERE id = ? AND state IN " + from.sql(),
                bind(to, clock.millis(), id, from)) == 1;
    }

    /**
     * Confirming a film: the member who confirmed becomes the payer. Only from CONFIRMING and only while nobody has
     * confirmed yet, in one conditional update: of two presses (two members, or one member's double tap reaching two
     * chat processes) exactly one wins; the engine's {@code start} then moves the storybook on to GENERATING.
     */
    public boolean confirm(String id, String payerKey) {
        return sql.update("UPDATE storybook SET payer_key = ?, updated_at = ? WHERE id = ? AND state = ? "
                + "AND payer_key IS NULL", bind(payerKey, clock.millis(), id, StorybookState.CONFIRMING)) == 1;
    }

    /** The engine refused to start a confirmed film: nobody pays for it, and it collects again. */
    public void unconfirm(String id) {
        sql.update("UPDATE storybook SET state = ?, payer_key = NULL, updated_at = ? WHERE id = ? AND state IN "
                + StorybookState.UNCONFIRMED.sql(), bind(StorybookState.COLLECTING, clock.millis(), id,
                StorybookState.UNCONFIRMED));
    }

    /** Sets the film's payer directly (tools such as the generation bench, which confirm without a chat). */
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
        return sql.query("SELECT " + COLUMNS + " FROM storybook WHERE chat_key = ? AND state = ? ORDER BY updated_at DESC, id",
                StorybookRepository::map, bind(chat.key(), StorybookState.DONE)).stream().limit(max).toList();
    }

    static Storybook map(ResultSet rs) throws SQLException {
        return new Storybook(rs.getString("id"),
                Storybook.chatOf(rs.getString("platform"), rs.getString("chat_id"), rs.getString("chat_kind")),
                rs.getString("title"), StorybookState.valueOf(rs.getString("state")), rs.getString("owner_key"),
                rs.getString("payer_key"), rs.getString("provider"),
                StorybookSettings.fromJson(rs.getString("settings_json")), rs.getString("anchor_msg_id"),
                rs.getString("status_msg_id"), rs.getLong("created_at"), rs.getLong("updated_at"),
                Jdbc.longOrNull(rs, "started_at"), rs.getString("pause_reason"), Jdbc.longOrNull(rs, "upload_limit_bytes"),
                rs.getString("asked_by"));
    }
}
