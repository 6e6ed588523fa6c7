package io.storyreel.core.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The data folder (database, blobs, by default the master keyset) kept owner-only: folders 0700 and files 0600, so
 * users' photos, films and the database are not readable by other local accounts whatever the umask. On file systems
 * without POSIX permissions (Windows) nothing is changed.
 */
public final class DataDir {
    private static final Logger LOG = LoggerFactory.getLogger(DataDir.class);
    public static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

    private final Path root;

    public DataDir(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /**
     * Creates the folder owner-only, or narrows an existing one, then narrows everything inside it (a database or
     * blobs written before this version, or by a process with a looser umask). Returns how many entries changed.
     */
    public int prepare() {
        createPrivateDirectories(root);
        int changed = tighten();
        if (changed > 0) {
            LOG.info("Made {} file(s) and folder(s) under {} readable by their owner only", changed, root.toAbsolutePath());
        }
        return changed;
    }

    /** Narrows every folder under the data folder to 0700 and every file to 0600; symbolic links are not followed. */
    public int tighten() {
        if (!posix() || !Files.isDirectory(root)) {
            return 0;
        }
        int[] changed = {0};
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    changed[0] += narrow(dir, OWNER_DIR);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isRegularFile()) {
                        changed[0] += narrow(file, OWNER_FILE);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    // a temporary file that vanished while we walked: nothing to protect
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot set owner-only permissions under " + root, e);
        }
        return changed[0];
    }

    /** Like {@link Files#createDirectories}, but every folder it creates is owner-only (0700). */
    public static void createPrivateDirectories(Path dir) {
        Path abs = dir.toAbsolutePath();
        try {
            if (Files.isDirectory(abs)) {
                return;
            }
            Path parent = abs.getParent();
            if (parent != null) {
                createPrivateDirectories(parent);
            }
            if (posix()) {
                Files.createDirectory(abs, PosixFilePermissions.asFileAttribute(OWNER_DIR));
                // the umask may have cleared bits we asked for (never added any): set them exactly
                Files.setPosixFilePermissions(abs, OWNER_DIR);
            } else {
                Files.createDirectory(abs);
            }
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            if (!Files.isDirectory(abs)) {
                throw new UncheckedIOException("Not a folder: " + abs, raced);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create folder " + abs, e);
        }
    }

    /** Sets a file to 0600 (a no-op without POSIX permissions). */
    public static void ownerOnly(Path file) throws IOException {
        if (posix()) {
            Files.setPosixFilePermissions(file, OWNER_FILE);
        }
    }

    public static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static int narrow(Path p, Set<PosixFilePermission> wanted) throws IOException {
        try {
            Set<PosixFilePermission> now = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
            if (now.equals(wanted)) {
                return 0;
            }
            Files.setPosixFilePermissions(p, wanted);
            return 1;
        } catch (java.nio.file.NoSuchFileException gone) {
            // another process sharing the folder (PostgreSQL scale-out) moved or removed it meanwhile
            return 0;
        }
    }
}
