package io.storyreel.core.keys;

import io.storyreel.core.provider.Credentials;

import java.util.List;
import java.util.Optional;

/** Per-user provider keys, encrypted at rest with (user, provider) as associated data. */
public interface KeyVault {
    void store(String userKey, String provider, Credentials credentials);

    Optional<Credentials> load(String userKey, String provider);

    /** Providers this user has keys for. */
    List<String> providers(String userKey);

    boolean forget(String userKey, String provider);

    /**
     * A name for the provider account these keys open, never the keys themselves: equal keys give equal names (two
     * members sharing one account share its concurrency), and a clip records which account pays for it.
     */
    String fingerprint(String provider, Credentials credentials);

    /** Re-encrypt every stored credential under a new primary key; returns how many were re-encrypted. */
    int rotate();
}
