package io.storyreel.sim.fal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storyreel.sim.taskapi.SimExchange;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * fal's webhook signature (spec providers-next §2.6) with the JDK's own Ed25519: a key pair made per simulator
 * instance; the message {@code "{request_id}\n{user_id}\n{timestamp}\n{hex(sha256(body))}"} signed and sent hex in
 * {@code X-Fal-Webhook-Signature} with {@code X-Fal-Webhook-Request-Id}, {@code -User-Id} and {@code -Timestamp} (Unix
 * seconds); the public key published as a JWKS ({@code kty:"OKP"}, {@code crv:"Ed25519"}, {@code x} = base64url of
 * the raw 32-byte key).
 */
final class FalWebhookSigner {

    /** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw key is the 32 bytes after it. */
    private static final int X509_PREFIX = 12;

    private final KeyPair keys;
    private final String keyId;

    FalWebhookSigner() {
        try {
            keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519", e);
        }
        keyId = HexFormat.of().formatHex(Arrays.copyOf(sha256(rawPublicKey()), 8));
    }

    /** The 32-byte public key. */
    byte[] rawPublicKey() {
        byte[] der = keys.getPublic().getEncoded();
        return Arrays.copyOfRange(der, X509_PREFIX, der.length);
    }

    /** {@code {"keys":[{kty, crv, x, kid, use, alg}]}}. */
    ObjectNode jwks() {
        ObjectNode root = SimExchange.JSON.createObjectNode();
        root.putArray("keys").addObject()
                .put("kty", "OKP").put("crv", "Ed25519")
                .put("x", Base64.getUrlEncoder().withoutPadding().encodeToString(rawPublicKey()))
                .put("kid", keyId).put("use", "sig").put("alg", "EdDSA");
        return root;
    }

    /** The four headers that sign {@code body} for {@code requestId} at {@code epochSeconds}. */
    Map<String, String> headers(String requestId, String userId, long epochSeconds, byte[] body) {
        String message = requestId + "\n" + userId + "\n" + epochSeconds + "\n" + HexFormat.of().formatHex(sha256(body));
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(keys.getPrivate());
            signer.update(message.getBytes(StandardCharsets.UTF_8));
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("X-Fal-Webhook-Request-Id", requestId);
            headers.put("X-Fal-Webhook-User-Id", userId);
            headers.put("X-Fal-Webhook-Timestamp", Long.toString(epochSeconds));
            headers.put("X-Fal-Webhook-Signature", HexFormat.of().formatHex(signer.sign()));
            return headers;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
