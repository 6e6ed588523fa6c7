package io.storyreel.telegram;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.telegram.telegrambots.meta.api.methods.GetFile;
import org.telegram.telegrambots.meta.api.objects.File;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Downloads a file the user sent: {@code getFile}, then our own fetch of {@code <fileBase>/file/bot<token>/<path>}.
 * TelegramBots' own {@code downloadFile} ignores the configured URL and always goes to api.telegram.org
 * (spec B4, TelegramBots#636). A local Bot API server answers with an absolute path instead: read it from disk.
 * Error messages never contain the URL, which holds the token.
 */
final class TelegramFileFetcher {
    /** The cloud Bot API refuses downloads above 20 MB (spec A2). */
    static final long DOWNLOAD_LIMIT = 20L * 1024 * 1024;

    private final TelegramClient client;
    private final OkHttpClient http;
    private final String fileBaseUrl;
    private final String token;

    TelegramFileFetcher(TelegramClient client, OkHttpClient http, String fileBaseUrl, String token) {
        this.client = client;
        this.http = http;
        this.fileBaseUrl = fileBaseUrl;
        this.token = token;
    }

    byte[] download(String fileId) throws IOException {
        File file;
        try {
            file = client.execute(GetFile.builder().fileId(fileId).build());
        } catch (TelegramApiException e) {
            throw new IOException("Telegram refused getFile: " + e.getMessage());
        }
        String path = file.getFilePath();
        if (path == null) {
            throw new IOException("Telegram returned no file_path");
        }
        if (path.startsWith("/")) {
            return Files.readAllBytes(Path.of(path));
        }
        Request request = new Request.Builder().url(fileBaseUrl + "/file/bot" + token + "/" + path).get().build();
        try (Response response = http.newCall(request).execute()) {
            ResponseBody body = response.body();
            if (!response.isSuccessful() || body == null) {
                throw new IOException("file download failed: HTTP " + response.code());
            }
            if (body.contentLength() > DOWNLOAD_LIMIT) {
                throw new IOException("file is larger than 20 MB");
            }
            return body.bytes();
        }
    }
}
