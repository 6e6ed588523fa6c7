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

    /** Re-encrypt every stored credential under a new primary key; returns how many were re-encrypted. */
    int rotate();
}
