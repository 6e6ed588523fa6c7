package io.storyreel.core.ops;

import io.storyreel.core.storage.Jdbc;

import javax.sql.DataSource;

/** Rows written straight into the schema, as the engine would leave them, for tests of what is read back. */
public final class OpsRows {
    private final Jdbc sql;

    public OpsRows(DataSource ds) {
        this.sql = new Jdbc(ds);
    }

    public void book(String id, String state, String provider, long startedAt, long updatedAt) {
        sql.update("INSERT INTO storybook (id, chat_key, platform, chat_id, chat_kind, state, owner_key, payer_key, "
                        + "provider, created_at, updated_at, started_at) VALUES (?, ?, 'TELEGRAM', ?, 'PRIVATE', ?, "
                        + "'TELEGRAM:1', 'TELEGRAM:1', ?, ?, ?, ?)",
                id, "TELEGRAM:" + id, id, state, provider, startedAt, updatedAt, startedAt);
    }

    /** A current clip; {@code taskId} non-null means the provider accepted (and charged for) it. */
    public void clip(String id, String book, int position, String provider, String state, String taskId,
                     Double usd, String errorKind, long submittedAt, long updatedAt) {
        sql.update("INSERT INTO clip (id, storybook_id, scene_id, position, provider, model, provider_task_id, state, "
                        + "estimated_usd, error_kind, created_at, submitted_at, updated_at) "
                        + "VALUES (?, ?, 's', ?, ?, 'm1', ?, ?, ?, ?, ?, ?, ?)",
                id, book, position, provider, taskId, state, usd, errorKind, submittedAt, taskId == null ? null : submittedAt,
                updatedAt);
    }

    public void task(String name, String instance, boolean picked, java.time.Instant due) {
        sql.update("INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, version) "
                + "VALUES (?, ?, ?, ?, 1)", name, instance, java.sql.Timestamp.from(due), picked);
    }
}
