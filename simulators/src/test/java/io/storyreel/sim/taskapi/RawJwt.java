package io.storyreel.sim.taskapi;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Kling tokens built by hand the way the official Python sample does (header {alg:HS256,typ:JWT}, payload
 * {iss, exp, nbf}, HMAC-SHA256 with the secret key's UTF-8 bytes) — no Storyreel client code, no JWT library.
 */
public final class RawJwt {

    private RawJwt() {
    }

    /** The official recipe: exp = now + 1800, nbf = now - 5. */
    public static String official(String ak, String sk, long nowSeconds) {
        return mint(ak, sk, nowSeconds + 1800, nowSeconds - 5);
    }

    public static String mint(String ak, String sk, long exp, long nbf) {
        String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
        String payload = "{\"iss\":\"" + ak + "\",\"exp\":" + exp + ",\"nbf\":" + nbf + "}";
        String input = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(payload.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(sk.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
