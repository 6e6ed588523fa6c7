package io.storyreel.core.keys;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.storyreel.core.config.ConfigException;
import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.core.storage.DataDir;
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
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The master AES-256-GCM keyset that encrypts every user's provider keys. It comes from the environment variable
 * (when set) or from a file; when neither exists, a new keyset is created in the file with owner-only permissions
 * and one log line says so. A keyset file that other accounts can read or change is refused unless the operator
 * allows it. Rotation (new primary, then the old keys dropped) is only possible for a file keyset, because the
 * process cannot rewrite its own environment; before a rotation the current file is kept next to it as
 * {@code <file>.retired-<UTC time>}, so a database backup taken before the rotation can still be read.
 */
public final class MasterKeyset {
    private static final Logger LOG = LoggerFactory.getLogger(MasterKeyset.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final String RETIRED = ".retired-";
    private static final DateTimeFormatter RETIRED_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

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

    /** The keyset as configured: {@code env[security.masterKeyEnv]}, else the keyset file (created on first start). */
    public static MasterKeyset open(StoryreelConfig.Security security, Map<String, String> env) {
        return load(security.masterKeyFile(), security.masterKeyEnv(), env.get(security.masterKeyEnv()),
                security.allowLooseKeysetPermissions());
    }

    /** {@link #load(Path, String, String, boolean)} refusing a keyset file that others can read. */
    public static MasterKeyset load(Path file, String envName, String envValue) {
        return load(file, envName, envValue, false);
    }

    /**
     * Loads the keyset from {@code envValue} when it is non-blank (then {@code envName} only names it in messages),
     * else from {@code file}, creating the file on first start.
     *
     * @throws ConfigException when the file's permissions let other accounts read or change it and
     *                         {@code allowLoosePermissions} is false
     */
    public static MasterKeyset load(Path file, String envName, String envValue, boolean allowLoosePermissions) {
        try {
            if (envValue != null && !envValue.isBlank()) {
                return new MasterKeyset(null, envName, parse(envValue, envName, "the environment"));
            }
            if (Files.isRegularFile(file)) {
                checkPermissions(file, allowLoosePermissions);
                removeStaleTemporaries(file);
                return new MasterKeyset(file, envName, parse(Files.readString(file, StandardCharsets.UTF_8),
                        "security.master-key-file", file.toString()));
            }
            KeysetHandle created = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
            writeOwnerOnly(file, TinkJsonProtoKeysetFormat.serializeKeyset(created, InsecureSecretKeyAccess.get()));
            LOG.info("Created a new master keyset at {} (owner-only permissions). Back it up: without it the stored provider keys cannot be read.",
                    file.toAbsolutePath());
            return new MasterKeyset(file, envName, created);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot create the master keyset", e);
        } catch (IOException | UncheckedIOException e) {
            // a folder that cannot be made or is not ours is the setting's fault: one line naming it
            throw new ConfigException("security.master-key-file: cannot read or write " + file + ": " + why(e));
        }
    }

    /** What the file system said, without Java's class names ({@code NotDirectoryException} says only the path). */
    private static String why(Exception e) {
        Throwable c = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
        if (c instanceof java.nio.file.FileSystemException fs) {
            return (fs.getReason() != null ? fs.getReason()
                    : c.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2")
                    .toLowerCase(java.util.Locale.ROOT)) + " (" + fs.getFile() + ")";
        }
        return e.getMessage();
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

    /**
     * Step 0 of a rotation: copy the keyset file as it is now to {@code <file>.retired-<yyyyMMdd'T'HHmmss'Z'>}
     * (owner-only). Returns the copy, or null for a keyset that has no file.
     */
    Path archive(Instant now) {
        if (file == null) {
            return null;
        }
        try {
            Path copy = file.resolveSibling(file.getFileName() + RETIRED + RETIRED_STAMP.format(now));
            writeOwnerOnly(copy, Files.readString(file, StandardCharsets.UTF_8));
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep a copy of the master keyset file " + file, e);
        }
    }

    /** The keyset file and the retired copies {@link #archive} kept next to it, current first. */
    public static List<Path> fileAndRetired(Path file) {
        List<Path> out = new ArrayList<>();
        if (Files.isRegularFile(file)) {
            out.add(file);
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && Files.isDirectory(dir)) {
            String prefix = file.getFileName() + RETIRED;
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.getFileName().toString().startsWith(prefix) && Files.isRegularFile(p))
                        .sorted(Comparator.reverseOrder()).forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list " + dir, e);
            }
        }
        return out;
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

    /** @param setting what the keyset came from, named first in the one line a bad one gives */
    private static KeysetHandle parse(String json, String setting, String where) {
        KeysetHandle h;
        try {
            h = TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException | RuntimeException e) {
            // never include the text: it is the key
            throw new ConfigException(setting + ": the master keyset in " + where + " is not a valid Tink JSON keyset");
        }
        try {
            h.getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new ConfigException(setting + ": the master keyset in " + where + " is a Tink keyset, but not for "
                    + "encryption (AEAD): " + e.getMessage());
        }
        return h;
    }

    private static void checkPermissions(Path file, boolean allowLoose) throws IOException {
        if (!DataDir.posix()) {
            return;
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (perms.stream().noneMatch(p -> p.name().startsWith("GROUP_") || p.name().startsWith("OTHERS_"))) {
            return;
        }
        String mode = PosixFilePermissions.toString(perms);
        if (allowLoose) {
            LOG.warn("The master keyset {} can be read or changed by other accounts ({}); started anyway because "
                    + "security.allow-loose-keyset-permissions is true", file, mode);
            return;
        }
        throw new ConfigException("security.master-key-file: " + file + " can be read or changed by other accounts ("
                + mode + "); run 'chmod 600 " + file + "', or set security.allow-loose-keyset-permissions: true "
                + "(STORYREEL_SECURITY_ALLOW_LOOSE_KEYSET_PERMISSIONS=true) to start anyway");
    }

    /** A crash between writing and moving a new keyset leaves {@code .keyset-*.tmp} behind; they hold keys. */
    private static void removeStaleTemporaries(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Instant before = Instant.now().minus(Duration.ofMinutes(10));
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(".keyset-") && name.endsWith(".tmp")
                        && Files.getLastModifiedTime(p).toInstant().isBefore(before)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Written to a sibling temporary file created owner-only, then moved into place: never readable by others. */
    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        DataDir.createPrivateDirectories(dir);
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
