package io.storyreel.app.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secret path segment of this install's callback URL ({@code <public-url>/<secret>/<provider>}): made once from
 * 32 random bytes and kept in {@code <data-dir>/callback-secret} (owner-only where the file system allows), so every
 * process sharing the data dir, and every restart, gives providers the same URL. A request without it is answered
 * 404 and polls nothing.
 */
final class CallbackSecret {
    static final String FILE = "callback-secret";

    private CallbackSecret() {
    }

    static String load(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dataDir);
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
                try {
                    Files.writeString(file, secret + "\n", StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    ownerOnly(file);
                    return secret;
                } catch (FileAlreadyExistsException another) {
                    // another process sharing the data dir made it first: use theirs
                }
            }
            for (int attempt = 0; ; attempt++) {
                String secret = Files.readString(file, StandardCharsets.US_ASCII).strip();
                if (secret.matches("[A-Za-z0-9_-]{16,128}")) {
                    return secret;
                }
                if (attempt == 20) {
                    throw new IllegalStateException(file + " does not hold a callback secret; delete it to make a new "
                            + "one");
                }
                Thread.sleep(50); // another process may be writing it this very moment
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("The callback secret in " + file + " could not be read or written", e);
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // a file system without POSIX permissions: the data dir's own protection applies
        }
    }
}
