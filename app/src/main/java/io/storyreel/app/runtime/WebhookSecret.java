package io.storyreel.app.runtime;

import io.storyreel.core.config.ConfigException;
import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.core.storage.DataDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The {@code secret_token} of the Telegram webhook: {@code telegram.webhook.secret} when configured, else one
 * generated once per install (256 random bits, URL-safe base64: the characters Telegram allows) and kept, owner-only,
 * in {@code <data-dir>/telegram-webhook-secret}, so every restart and every chat process on the same data folder
 * uses the same one.
 */
final class WebhookSecret {
    static final String FILE = "telegram-webhook-secret";

    private WebhookSecret() {
    }

    static String of(StoryreelConfig config) {
        String configured = config.telegram().webhook().secret();
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        Path file = config.dataDir().resolve(FILE);
        try {
            if (Files.isRegularFile(file)) {
                String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!kept.matches("[A-Za-z0-9_-]{1,256}")) {
                    throw new ConfigException(file + ": not a webhook secret (1 to 256 characters A-Z a-z 0-9 _ -); "
                            + "delete it to have a new one made");
                }
                return kept;
            }
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String made = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Files.writeString(file, made + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            DataDir.ownerOnly(file);
            return made;
        } catch (IOException e) {
            throw new UncheckedIOException("The Telegram webhook secret could not be kept in " + file, e);
        }
    }
}
