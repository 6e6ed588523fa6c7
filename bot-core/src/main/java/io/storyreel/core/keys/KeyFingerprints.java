package io.storyreel.core.keys;

import io.storyreel.core.provider.Credentials;
import io.storyreel.core.storage.Jdbc;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Names provider accounts without naming their keys: HMAC-SHA256 of the provider id and the credential values
 * (sorted by name) under a random secret of this installation, cut to 128 bits, in hex. The secret is made on first
 * use and kept in {@code vault_secret}, encrypted with the master keyset like the credentials, so a copy of the
 * database alone cannot test a guessed key against a fingerprint. Equal keys give equal fingerprints in every process
 * of one installation.
 */
final class KeyFingerprints {
    static final String SECRET_NAME = "fingerprint-hmac";
    private static final String HMAC = "HmacSHA256";
    private static final int SECRET_BYTES = 32;
    private static final int FINGERPRINT_BYTES = 16;

    private final Jdbc sql;
    private final MasterKeyset master;
    private final Clock clock;
    private volatile byte[] secret;

    KeyFingerprints(DataSource dataSource, MasterKeyset master, Clock clock) {
        this.sql = new Jdbc(dataSource);
        this.master = master;
        this.clock = clock;
    }

    String of(String provider, Credentials credentials) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret(), HMAC));
            update(mac, provider);
            for (Map.Entry<String, String> e : new TreeMap<>(credentials.values()).entrySet()) {
                update(mac, e.getKey());
                update(mac, e.getValue());
            }
            return HexFormat.of().formatHex(Arrays.copyOf(mac.doFinal(), FINGERPRINT_BYTES));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot compute a key fingerprint");
        }
    }

    /** Length-prefixed, so no two different inputs feed the same bytes. */
    private static void update(Mac mac, String value) {
        byte[] b = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
        mac.update(new byte[]{(byte) (b.length >>> 24), (byte) (b.length >>> 16), (byte) (b.length >>> 8), (byte) b.length});
        mac.update(b);
    }

    private byte[] secret() {
        byte[] s = secret;
        if (s == null) {
            synchronized (this) {
                s = secret;
                if (s == null) {
                    s = loadOrCreate();
                    secret = s;
                }
            }
        }
        return s;
    }

    private byte[] loadOrCreate() {
        var stored = sql.one("SELECT ciphertext FROM vault_secret WHERE name = ?", rs -> rs.getString(1), SECRET_NAME);
        if (stored.isPresent()) {
            return decrypt(stored.get());
        }
        byte[] fresh = new byte[SECRET_BYTES];
        new SecureRandom().nextBytes(fresh);
        try {
            sql.update("INSERT INTO vault_secret (name, ciphertext, key_id, created_at) VALUES (?, ?, ?, ?)",
                    SECRET_NAME, encrypt(fresh), master.primaryKeyId(), clock.millis());
            return fresh;
        } catch (Jdbc.StorageException e) {
            if (!e.isDuplicateKey()) {
                throw e;
            }
            // another process made it first: everyone uses that one
            return decrypt(sql.one("SELECT ciphertext FROM vault_secret WHERE name = ?", rs -> rs.getString(1),
                    SECRET_NAME).orElseThrow());
        }
    }

    /** Re-encrypts the stored secret under the master keyset's new primary key, in the rotation's transaction. */
    void reencrypt(Connection c) throws SQLException {
        var stored = Jdbc.one(c, "SELECT ciphertext FROM vault_secret WHERE name = ? FOR UPDATE", rs -> rs.getString(1),
                SECRET_NAME);
        if (stored.isPresent()) {
            Jdbc.update(c, "UPDATE vault_secret SET ciphertext = ?, key_id = ? WHERE name = ?",
                    encrypt(decrypt(stored.get())), master.primaryKeyId(), SECRET_NAME);
        }
    }

    private String encrypt(byte[] plain) {
        try {
            return Base64.getEncoder().encodeToString(master.aead().encrypt(plain, associatedData()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt the fingerprint secret");
        }
    }

    private byte[] decrypt(String cipher) {
        try {
            return master.aead().decrypt(Base64.getDecoder().decode(cipher), associatedData());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new KeyVaultException("The fingerprint secret cannot be decrypted (wrong master keyset?)");
        }
    }

    private static byte[] associatedData() {
        return ("vault_secret|" + SECRET_NAME).getBytes(StandardCharsets.UTF_8);
    }
}
