package io.storyreel.core.keys;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.core.logging.SecretRegistry;
import io.storyreel.core.provider.Credentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link KeyVault} on the {@code credential} table: each user's keys for one provider are one JSON object,
 * encrypted with the master keyset's AEAD and {@code user_key|provider} as associated data, so a ciphertext
 * copied to another user's row does not decrypt. Every decrypted value is registered with {@link SecretRegistry}
 * before it leaves the vault, so logs mask it.
 *
 * <p>Dev mode: the operator's keys from the environment ({@code devKeys}) are served only to the user keys in
 * {@code devModeUsers}, and only when that user has stored no keys of their own.
 */
public final class TinkKeyVault implements KeyVault {
    private static final Logger LOG = LoggerFactory.getLogger(TinkKeyVault.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {
    };

    private final DataSource dataSource;
    private final MasterKeyset master;
    private final Map<String, Credentials> devKeys;
    private final Set<String> devModeUsers;
    private final Clock clock;
    private final KeyFingerprints fingerprints;

    public TinkKeyVault(DataSource dataSource, MasterKeyset master, Map<String, Credentials> devKeys,
                        Set<String> devModeUsers, Clock clock) {
        this.dataSource = dataSource;
        this.master = master;
        this.devKeys = Map.copyOf(devKeys);
        this.devModeUsers = Set.copyOf(devModeUsers);
        this.clock = clock;
        this.fingerprints = new KeyFingerprints(dataSource, master, clock);
        this.devKeys.values().forEach(c -> c.values().values().forEach(SecretRegistry::register));
    }

    /**
     * The vault as configured: master keyset from {@code env[security.masterKeyEnv]} or the keyset file (created
     * on first start), dev keys of every provider for the dev-mode users.
     */
    public static TinkKeyVault open(DataSource dataSource, StoryreelConfig config, Map<String, String> env, Clock clock) {
        StoryreelConfig.Security sec = config.security();
        MasterKeyset master = MasterKeyset.open(sec, env);
        Map<String, Credentials> dev = new java.util.HashMap<>();
        config.providers().byId().forEach((id, p) -> {
            if (p.devKeys() != null && !p.devKeys().isEmpty()) {
                dev.put(id, new Credentials(p.devKeys()));
            }
        });
        if (!dev.isEmpty()) {
            LOG.info("Dev mode: operator keys for {} are served to {} allow-listed user(s) only", new TreeSet<>(dev.keySet()),
                    sec.devModeUsers().size());
        }
        return new TinkKeyVault(dataSource, master, dev, new java.util.HashSet<>(sec.devModeUsers()), clock);
    }

    @Override
    public void store(String userKey, String provider, Credentials credentials) {
        credentials.values().values().forEach(SecretRegistry::register);
        String cipher = encrypt(userKey, provider, credentials);
        long now = clock.millis();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement up = c.prepareStatement(
                    "UPDATE credential SET ciphertext = ?, key_id = ?, updated_at = ? WHERE user_key = ? AND provider = ?")) {
                up.setString(1, cipher);
                up.setLong(2, master.primaryKeyId());
                up.setLong(3, now);
                up.setString(4, userKey);
                up.setString(5, provider);
                if (up.executeUpdate() == 0) {
                    try (PreparedStatement in = c.prepareStatement(
                            "INSERT INTO credential (user_key, provider, ciphertext, key_id, updated_at) VALUES (?, ?, ?, ?, ?)")) {
                        in.setString(1, userKey);
                        in.setString(2, provider);
                        in.setString(3, cipher);
                        in.setLong(4, master.primaryKeyId());
                        in.setLong(5, now);
                        in.executeUpdate();
                    }
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot store keys for " + userKey + "/" + provider, e);
        }
    }

    @Override
    public Optional<Credentials> load(String userKey, String provider) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT ciphertext FROM credential WHERE user_key = ? AND provider = ?")) {
            ps.setString(1, userKey);
            ps.setString(2, provider);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return Optional.of(decrypt(userKey, provider, rs.getString(1)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot load keys for " + userKey + "/" + provider, e);
        }
        if (devModeUsers.contains(userKey)) {
            return Optional.ofNullable(devKeys.get(provider));
        }
        return Optional.empty();
    }

    /** What {@link #check} found: stored credentials, and the {@code user/provider} of those that do not decrypt. */
    public record Check(int stored, List<String> undecryptable) {
    }

    /**
     * Tries to decrypt every stored credential with this vault's keyset (after a restore: is this the keyset the
     * database was written with?). Nothing decrypted leaves the vault.
     */
    public Check check() {
        List<String[]> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT user_key, provider, ciphertext FROM credential ORDER BY user_key, provider");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new String[]{rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the stored keys", e);
        }
        List<String> bad = new ArrayList<>();
        for (String[] r : rows) {
            try {
                decrypt(r[0], r[1], r[2]);
            } catch (KeyVaultException e) {
                bad.add(r[0] + "/" + r[1]);
            }
        }
        return new Check(rows.size(), List.copyOf(bad));
    }

    @Override
    public List<String> providers(String userKey) {
        Set<String> out = new TreeSet<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT provider FROM credential WHERE user_key = ?")) {
            ps.setString(1, userKey);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot list keys for " + userKey, e);
        }
        if (devModeUsers.contains(userKey)) {
            out.addAll(devKeys.keySet());
        }
        return List.copyOf(out);
    }

    @Override
    public boolean forget(String userKey, String provider) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM credential WHERE user_key = ? AND provider = ?")) {
            ps.setString(1, userKey);
            ps.setString(2, provider);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot forget keys for " + userKey + "/" + provider, e);
        }
    }

    /** HMAC-SHA256 under this installation's secret (see {@link KeyFingerprints}). */
    @Override
    public String fingerprint(String provider, Credentials credentials) {
        return fingerprints.of(provider, credentials);
    }

    /**
     * Adds a new primary master key (persisted first, so a crash never leaves a ciphertext without its key),
     * re-encrypts every row in one transaction, then drops the old keys. The keyset file as it was is kept next to
     * it first ({@code .retired-<time>}). Stop running bots first: they hold the old keyset in memory
     * ({@code storyreel keys rotate} checks with {@link io.storyreel.core.storage.BotPresence#requireAlone}).
     */
    @Override
    public int rotate() {
        if (!master.rotatable()) {
            throw new IllegalStateException("The master keyset comes from the environment variable " + master.source()
                    + "; put it in a keyset file (security.master-key-file) to rotate it with 'storyreel keys rotate'.");
        }
        java.nio.file.Path retired = master.archive(clock.instant());
        if (retired != null) {
            LOG.info("Kept the keyset as it was before this rotation in {} (older backups need it)", retired);
        }
        master.addPrimary();
        int n = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            List<String[]> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT user_key, provider, ciphertext FROM credential FOR UPDATE");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new String[]{rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
            try (PreparedStatement up = c.prepareStatement(
                    "UPDATE credential SET ciphertext = ?, key_id = ?, updated_at = ? WHERE user_key = ? AND provider = ?")) {
                for (String[] r : rows) {
                    Credentials plain = decrypt(r[0], r[1], r[2]);
                    up.setString(1, encrypt(r[0], r[1], plain));
                    up.setLong(2, master.primaryKeyId());
                    up.setLong(3, clock.millis());
                    up.setString(4, r[0]);
                    up.setString(5, r[1]);
                    up.addBatch();
                    n++;
                }
                up.executeBatch();
            }
            fingerprints.reencrypt(c);
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("Key rotation failed; nothing was changed in the database", e);
        }
        master.dropOldKeys();
        LOG.info("Rotated the master key in {}: {} stored credential(s) re-encrypted", master.source(), n);
        return n;
    }

    private String encrypt(String userKey, String provider, Credentials credentials) {
        try {
            byte[] plain = JSON.writeValueAsBytes(credentials.values());
            return Base64.getEncoder().encodeToString(master.aead().encrypt(plain, associatedData(userKey, provider)));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot encrypt keys for " + userKey + "/" + provider);
        }
    }

    private Credentials decrypt(String userKey, String provider, String cipher) {
        try {
            byte[] plain = master.aead().decrypt(Base64.getDecoder().decode(cipher), associatedData(userKey, provider));
            Credentials creds = new Credentials(JSON.readValue(plain, MAP));
            creds.values().values().forEach(SecretRegistry::register);
            return creds;
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            // no cause: it could carry bytes of the plain text
            throw new KeyVaultException("The stored keys for " + userKey + "/" + provider
                    + " cannot be decrypted (wrong master keyset, or the row was not written for this user). Set the keys again.");
        }
    }

    static byte[] associatedData(String userKey, String provider) {
        return (userKey + "|" + provider).getBytes(StandardCharsets.UTF_8);
    }
}
