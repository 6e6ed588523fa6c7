package io.storyreel.telegram;

import io.storyreel.core.download.SafeDownloader;
import org.telegram.telegrambots.meta.api.methods.GetFile;
import org.telegram.telegrambots.meta.api.objects.File;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Downloads a file the user sent: {@code getFile}, then our own fetch of {@code <fileBase>/file/bot<token>/<path>}
 * through the {@link SafeDownloader}, capped at {@code maxBytes} while reading whether or not the server sends a
 * length. TelegramBots' own {@code downloadFile} ignores the configured URL and always goes to api.telegram.org (spec
 * B4, TelegramBots#636). A local Bot API server answers with an absolute path instead: it is read from disk only inside
 * the configured directory, and capped the same way. Error messages never contain the URL, which holds the token.
 */
final class TelegramFileFetcher {
    private final TelegramClient client;
    private final SafeDownloader downloads;
    private final String fileBaseUrl;
    private final String token;
    private final long maxBytes;
    private final Path localFilesDir;

    TelegramFileFetcher(TelegramClient client, SafeDownloader downloads, String fileBaseUrl, String token,
                        long maxBytes, Path localFilesDir) {
        this.client = client;
        this.downloads = downloads;
        this.fileBaseUrl = fileBaseUrl;
        this.token = token;
        this.maxBytes = maxBytes;
        this.localFilesDir = localFilesDir;
    }

    long maxBytes() {
        return maxBytes;
    }

    byte[] download(String fileId) throws IOException {
        File file;
        try {
            file = client.execute(GetFile.builder().fileId(fileId).build());
        } catch (TelegramApiException e) {
            throw new IOException("Telegram refused getFile: " + e.getMessage());
        }
        if (file.getFileSize() != null && file.getFileSize() > maxBytes) {
            throw new IOException("the file is larger than " + maxBytes + " bytes");
        }
        String path = file.getFilePath();
        if (path == null) {
            throw new IOException("Telegram returned no file_path");
        }
        if (path.startsWith("/")) {
            return local(Path.of(path));
        }
        return downloads.fetch(fileBaseUrl + "/file/bot" + token + "/" + path, maxBytes);
    }

    /** A local Bot API server's file, only inside the configured directory (links resolved first). */
    private byte[] local(Path file) throws IOException {
        if (localFilesDir == null) {
            throw new IOException("the Bot API server named a file on disk, but telegram.local-files-dir is not set");
        }
        Path real = file.toRealPath();
        if (!real.startsWith(localFilesDir.toRealPath()) || !Files.isRegularFile(real)) {
            throw new IOException("the Bot API server named a file outside telegram.local-files-dir");
        }
        try (InputStream in = Files.newInputStream(real)) {
            byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
            if (bytes.length > maxBytes) {
                throw new IOException("the file is larger than " + maxBytes + " bytes");
            }
            return bytes;
        }
    }
}
