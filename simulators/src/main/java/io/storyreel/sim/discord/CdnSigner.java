package io.storyreel.sim.discord;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs attachment URLs the way Discord's CDN does ({@code ex} expiry, {@code is} issue time, {@code hm} HMAC), so a
 * bot that keeps a URL instead of the bytes fails once the link expires.
 */
final class CdnSigner {
    private final byte[] key = new byte[32];
    private final Duration ttl;

    CdnSigner(Duration ttl) {
        this.ttl = ttl;
        new SecureRandom().nextBytes(key);
    }

    String sign(String path, Instant now) {
        String ex = Long.toHexString(now.plus(ttl).getEpochSecond());
        String is = Long.toHexString(now.getEpochSecond());
        return path + "?ex=" + ex + "&is=" + is + "&hm=" + hmac(path + ex + is);
    }

    /** True when the query carries a valid, unexpired signature for the path. */
    boolean valid(String path, String query, Instant now) {
        if (query == null) {
            return false;
        }
        String ex = null;
        String is = null;
        String hm = null;
        for (String kv : query.split("&")) {
            int eq = kv.indexOf('=');
            if (eq < 0) {
                continue;
            }
            switch (kv.substring(0, eq)) {
                case "ex" -> ex = kv.substring(eq + 1);
                case "is" -> is = kv.substring(eq + 1);
                case "hm" -> hm = kv.substring(eq + 1);
                default -> { }
            }
        }
        if (ex == null || is == null || hm == null || !hm.equals(hmac(path + ex + is))) {
            return false;
        }
        return now.getEpochSecond() <= Long.parseLong(ex, 16);
    }

    private String hmac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
