package io.storyreel.app;

import io.storyreel.core.config.ConfigLoader;
import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.core.logging.StoryreelLogEncoder;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The options every command that loads the configuration shares (--config, --data-dir, base URLs). */
final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration (see config/storyreel.example.yml).")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Database, blobs and master keyset (default: data).")
    Path dataDir;

    @Option(names = "--master-key-file", paramLabel = "FILE",
            description = "The master keyset (default: DIR/master-keyset.json; keep it outside the data folder).")
    Path masterKeyFile;

    @Option(names = "--role", paramLabel = "ROLE", description = "all (default), chat or worker.")
    String role;

    @Option(names = "--telegram-api-url", paramLabel = "URL", description = "Telegram Bot API base URL.")
    String telegramApiUrl;

    @Option(names = "--telegram-file-url", paramLabel = "URL", description = "Telegram file download base URL.")
    String telegramFileUrl;

    @Option(names = "--discord-api-url", paramLabel = "URL", description = "Discord REST base URL.")
    String discordApiUrl;

    @Option(names = "--discord-gateway-url", paramLabel = "URL", description = "Discord gateway URL (default: asked from the REST API).")
    String discordGatewayUrl;

    @Option(names = "--kling-base-url", paramLabel = "URL", description = "Kling API base URL.")
    String klingBaseUrl;

    @Option(names = "--minimax-base-url", paramLabel = "URL", description = "MiniMax API base URL.")
    String minimaxBaseUrl;

    @Option(names = "--runway-base-url", paramLabel = "URL", description = "Runway API base URL.")
    String runwayBaseUrl;

    @Option(names = "--google-base-url", paramLabel = "URL", description = "Google Gemini API (Veo) base URL.")
    String googleBaseUrl;
    @Option(names = "--fal-base-url", paramLabel = "URL", description = "fal.ai queue base URL.")
    String falBaseUrl;

    @Option(names = "--web-port", paramLabel = "PORT", description = "Serve the storyboard page on this port (default: off).")
    String webPort;

    @Option(names = "--web-public-url", paramLabel = "URL",
            description = "The page's address as users reach it (https behind a reverse proxy); /web links point there.")
    String webPublicUrl;

    @Option(names = "--styles-file", paramLabel = "FILE",
            description = "Your own /style presets over the bundled ones (see config/storyreel.example.yml).")
    Path stylesFile;

    StoryreelConfig load(Map<String, String> env) {
        Map<String, String> o = new HashMap<>();
        put(o, "data-dir", dataDir == null ? null : dataDir.toString());
        put(o, "security.master-key-file", masterKeyFile == null ? null : masterKeyFile.toString());
        put(o, "role", role);
        put(o, "telegram.api-url", telegramApiUrl);
        put(o, "telegram.file-url", telegramFileUrl != null ? telegramFileUrl : telegramApiUrl);
        put(o, "discord.api-url", discordApiUrl);
        put(o, "discord.gateway-url", discordGatewayUrl);
        put(o, "kling.base-url", klingBaseUrl);
        put(o, "minimax.base-url", minimaxBaseUrl);
        put(o, "runway.base-url", runwayBaseUrl);
        put(o, "google.base-url", googleBaseUrl);
        put(o, "fal.base-url", falBaseUrl);
        put(o, "web.port", webPort);
        put(o, "web.public-url", webPublicUrl);
        put(o, "styles.file", stylesFile == null ? null : stylesFile.toString());
        StoryreelConfig loaded = new ConfigLoader(env).load(config, o);
        StoryreelLogEncoder.useFormat(loaded.logging().format());
        return loaded;
    }

    private static void put(Map<String, String> o, String key, String value) {
        if (value != null) {
            o.put(key, value);
        }
    }
}
