package io.storyreel.sim.taskapi;

import io.storyreel.core.logging.SecretRegistry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The API keys a simulator accepts, each a separate account: registered as secrets so they are masked in logs, and
 * compared in constant time.
 */
public final class AcceptedKeys {

    private final Set<String> keys = new CopyOnWriteArraySet<>();

    public void add(String key) {
        SecretRegistry.register(requireNonBlank(key));
        keys.add(key);
    }

    /** {@code key}, checked before a simulator is started with it. */
    public static String requireNonBlank(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("a key must not be empty");
        }
        return key;
    }

    /** The first key added (what {@code storyreel simulate} prints). */
    public String first() {
        return keys.iterator().next();
    }

    /** {@code given} if it is one of the keys. */
    public Optional<String> match(String given) {
        if (given == null) {
            return Optional.empty();
        }
        byte[] g = given.getBytes(StandardCharsets.UTF_8);
        return keys.stream().filter(k -> MessageDigest.isEqual(k.getBytes(StandardCharsets.UTF_8), g)).findFirst();
    }
}
