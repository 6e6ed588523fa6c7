package io.storyreel.core.storage;

/**
 * The database cannot be used for what was asked: another process has it and the command needs it alone (H2 allows
 * one process per file; on PostgreSQL running bots hold a shared advisory lock), or a command that works on an
 * existing database found none. The message names the database and says what to do; commands print it as one line.
 */
public class DatabaseUnavailableException extends RuntimeException {
    public DatabaseUnavailableException(String message) {
        super(message);
    }
}
