/**
 * Backups of one installation into a folder and restores into a new data folder: the database (H2 {@code BACKUP TO};
 * PostgreSQL is paired with {@code pg_dump}), the master keyset with its retired copies (without them the stored
 * provider keys cannot be read), and the blobs or a manifest of them for an rsync copy. See {@link
 * io.storyreel.core.backup.Backup} for the folder's layout.
 */
package io.storyreel.core.backup;
