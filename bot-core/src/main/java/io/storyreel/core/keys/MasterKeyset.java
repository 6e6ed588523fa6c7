package io.storyreel.core.keys;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Set;

/**
 * The master AES-256-GCM keyset that encrypts every user's provider keys. It comes from the environment variable
 * (when set) or from a file; when neither exists, a new keyset is created in the file with owner-only permissions
 * and one log line says so. Rotation (new primary, then the old keys dropped) is only possible for a file keyset,
 * because the process cannot rewrite its own environment.
 */
public final class MasterKeyset {
    private static final Logger LOG = LoggerFactory.getLogger(MasterKeyset.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    static {
        try {
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Path file;
    private final String envName;
    private volatile KeysetHandle handle;
    private volatile Aead aead;

    private MasterKeyset(Path file, String envName, KeysetHandle handle) {
        this.file = file;
        this.envName = envName;
        use(handle);
    }

    /**
     * Loads the keyset from {@code envValue} when it is non-blank (then {@code envName} only names it in messages),
     * else from {@code file}, creating the file on first start.
     */
    public static MasterKeyset load(Path file, String envName, String envValue) {
        try {
            if (envValue != null && !envValue.isBlank()) {
                return new MasterKeyset(null, envName, parse(envValue, envName));
            }
            if (Files.isRegularFile(file)) {
                return new MasterKeyset(file, envName, parse(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
            }
            KeysetHandle created = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
            writeOwnerOnly(file, TinkJsonProtoKeysetFormat.serializeKeyset(created, InsecureSecretKeyAccess.get()));
            LOG.info("Created a new master keyset at {} (owner-only permissions). Back it up: without it the stored provider keys cannot be read.",
                    file.toAbsolutePath());
            return new MasterKeyset(file, envName, created);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot create the master keyset", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the master keyset file " + file, e);
        }
    }

    /** A keyset kept only in memory (tests, benches). */
    public static MasterKeyset inMemory() {
        try {
            return new MasterKeyset(null, "in-memory", KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    Aead aead() {
        return aead;
    }

    int primaryKeyId() {
        return handle.getPrimary().getId();
    }

    boolean rotatable() {
        return file != null || "in-memory".equals(envName);
    }

    String source() {
        return file != null ? file.toString() : envName;
    }

    /** Step 1 of a rotation: add a new primary key, keep the old ones for decryption, persist. */
    void addPrimary() {
        try {
            KeysetHandle.Builder b = KeysetHandle.newBuilder(handle);
            b.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withRandomId().makePrimary());
            persist(b.build());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot add a new master key", e);
        }
    }

    /** Step 2 of a rotation, after every ciphertext is re-encrypted: drop every key but the primary, persist. */
    void dropOldKeys() {
        try {
            KeysetHandle.Builder b = KeysetHandle.newBuilder(handle);
            for (int i = b.size() - 1; i >= 0; i--) {
                if (!b.getAt(i).isPrimary()) {
                    b.deleteAt(i);
                }
            }
            persist(b.build());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot drop the old master keys", e);
        }
    }

    int size() {
        return handle.size();
    }

    private void persist(KeysetHandle next) throws GeneralSecurityException {
        if (file != null) {
            try {
                writeOwnerOnly(file, TinkJsonProtoKeysetFormat.serializeKeyset(next, InsecureSecretKeyAccess.get()));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write the master keyset file " + file, e);
            }
        }
        use(next);
    }

    private void use(KeysetHandle h) {
        try {
            this.aead = h.getPrimitive(RegistryConfiguration.get(), Aead.class);
            this.handle = h;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The master keyset is not an AEAD keyset", e);
        }
    }

    private static KeysetHandle parse(String json, String where) {
        try {
            return TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException | RuntimeException e) {
            // never include the text: it is the key
            throw new IllegalStateException("The master keyset in " + where + " is not a valid Tink JSON keyset");
        }
    }

    /** Written to a sibling temporary file created owner-only, then moved into place: never readable by others. */
    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path tmp = posix
                ? Files.createTempFile(dir, ".keyset-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(dir, ".keyset-", ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            if (posix) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
