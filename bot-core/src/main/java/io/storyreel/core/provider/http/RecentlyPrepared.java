package io.storyreel.core.provider.http;

import io.storyreel.core.provider.ImageConstraints;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The last few photos prepared for a provider, by their content: the same photo is prepared at {@code /make}, again
 * at Confirm and once more when its clip is submitted, and a large one costs a decode, a scale and a JPEG encode
 * each time. Kept up to a byte budget of prepared files, least recently used first out; a refusal is not kept.
 */
final class RecentlyPrepared {
    private record Key(String sha256, ImageConstraints limits, String providerName) {
    }

    private final long maxBytes;
    private final LinkedHashMap<Key, PreparedImage> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    RecentlyPrepared(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    PreparedImage get(byte[] photo, ImageConstraints limits, String providerName, Supplier<PreparedImage> prepare) {
        Key key = new Key(sha256(photo), limits, providerName);
        synchronized (this) {
            PreparedImage hit = entries.get(key);
            if (hit != null) {
                return hit;
            }
        }
        // prepared outside the lock: two threads asking for the same new photo both do the work, neither waits
        PreparedImage made = prepare.get();
        synchronized (this) {
            if (made.bytes().length <= maxBytes && entries.put(key, made) == null) {
                bytes += made.bytes().length;
            }
            for (Iterator<Map.Entry<Key, PreparedImage>> it = entries.entrySet().iterator(); bytes > maxBytes; ) {
                bytes -= it.next().getValue().bytes().length;
                it.remove();
            }
        }
        return made;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
