package io.storyreel.core.conversation.testing;

import io.storyreel.core.keys.KeyVault;
import io.storyreel.core.provider.Credentials;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A key vault in a map, for conversation tests (the real one, with Tink, is tested on its own). */
public final class InMemoryKeyVault implements KeyVault {
    private final Map<String, Credentials> store = new ConcurrentHashMap<>();

    @Override
    public void store(String userKey, String provider, Credentials credentials) {
        store.put(userKey + "|" + provider, credentials);
    }

    @Override
    public Optional<Credentials> load(String userKey, String provider) {
        return Optional.ofNullable(store.get(userKey + "|" + provider));
    }

    @Override
    public List<String> providers(String userKey) {
        return store.keySet().stream().filter(k -> k.startsWith(userKey + "|"))
                .map(k -> k.substring(userKey.length() + 1)).sorted().toList();
    }

    @Override
    public boolean forget(String userKey, String provider) {
        return store.remove(userKey + "|" + provider) != null;
    }

    /** SHA-256 of the provider and the values: stable and never the key, like the real vault's HMAC. */
    @Override
    public String fingerprint(String provider, Credentials credentials) {
        try {
            java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
            d.update(provider.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            new java.util.TreeMap<>(credentials.values()).forEach((k, v) ->
                    d.update(("|" + k + "=" + v).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return java.util.HexFormat.of().formatHex(d.digest()).substring(0, 32);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int rotate() {
        return store.size();
    }
}
