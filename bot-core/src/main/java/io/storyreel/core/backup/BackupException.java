package io.storyreel.core.backup;

/** A backup or restore that cannot go on (bad folder, missing or damaged file); the message is one line for the operator. */
public class BackupException extends RuntimeException {
    public BackupException(String message) {
        super(message);
    }
}
