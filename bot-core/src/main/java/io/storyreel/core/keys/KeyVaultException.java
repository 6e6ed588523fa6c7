package io.storyreel.core.keys;

/** Stored keys exist but cannot be used (wrong master keyset, tampered row); the message is fit for users. */
public class KeyVaultException extends RuntimeException {
    public KeyVaultException(String message) {
        super(message);
    }
}
