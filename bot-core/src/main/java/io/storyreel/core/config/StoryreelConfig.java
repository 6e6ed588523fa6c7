package io.storyreel.core.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * All settings, after defaults, the YAML file, environment variables ({@code STORYREEL_<KEY>} where KEY is the
 * dotted setting upper-cased with dots and dashes as underscores, e.g. {@code STORYREEL_TELEGRAM_API_URL}) and
 * command-line flags have been applied, in that order. See {@code config/storyreel.example.yml}.
 */
public record StoryreelConfig(
        Path dataDir,
        String role,
        Database database,
        Telegram telegram,
        Discord discord,
        Providers providers,
        Limits limits,
        Security security,
        Engine engine,
        Callbacks callbacks) {

    public record Database(String url, String user, String password, int poolSize) {
    }

    public record Telegram(String token, String apiUrl, String fileUrl, long uploadLimitBytes, String botUsername) {
        public boolean enabled() {
            return token != null && !token.isBlank();
        }

        @Override
        public String toString() {
            return "Telegram[apiUrl=" + apiUrl + ", fileUrl=" + fileUrl + ", token=" + (enabled() ? "***" : "unset") + "]";
        }
    }

    public record Discord(String token, String apiUrl, String gatewayUrl, long uploadLimitBytes, String guildId) {
        public boolean enabled() {
            return token != null && !token.isBlank();
        }

        @Override
        public String toString() {
            return "Discord[apiUrl=" + apiUrl + ", gatewayUrl=" + gatewayUrl + ", token=" + (enabled() ? "***" : "unset") + "]";
        }
    }

    /** Per-provider settings; {@code capabilitiesFile} overrides the bundled models and prices when set. */
    public record Provider(String baseUrl, int maxConcurrentTasks, int requestsPerMinute, Path capabilitiesFile,
                           Map<String, String> devKeys) {
        @Override
        public String toString() {
            return "Provider[baseUrl=" + baseUrl + ", maxConcurrentTasks=" + maxConcurrentTasks
                    + ", requestsPerMinute=" + requestsPerMinute + ", devKeys=" + devKeys.keySet() + "]";
        }
    }

    /** Every installed provider's settings, keyed by provider id in menu order, and the one new storybooks use. */
    public record Providers(String defaultProvider, Map<String, Provider> byId) {
        public Providers {
            byId = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(byId));
        }

        /** @throws ConfigException for an id no installed provider has */
        public Provider get(String id) {
            Provider p = byId.get(id);
            if (p == null) {
                throw new ConfigException("unknown provider '" + id + "' (" + String.join(", ", byId.keySet()) + ")");
            }
            return p;
        }
    }

    public record Limits(int maxScenes, int runningFilmsPerUser, int dailyFilmsPerUser, int maxPhotoBytes) {
    }

    /**
     * The generation engine's timings. {@code heartbeat} × {@code missedHeartbeats} is how long a dead worker's
     * tasks wait before another worker (or the restarted process) takes them over; {@code schedulerPolling} is how
     * often a worker looks for due tasks; provider polls start {@code firstPoll} after a submit and slow down to
     * {@code maxPollInterval}.
     */
    public record Engine(java.time.Duration schedulerPolling, java.time.Duration heartbeat, int missedHeartbeats,
                         java.time.Duration firstPoll, java.time.Duration maxPollInterval) {
    }

    /**
     * Provider task callbacks (webhooks): with a {@code publicUrl}, each provider that sends callbacks is asked to POST
     * its tasks' status changes to {@code <publicUrl>/<provider id>}, which this process serves on {@code port}. A
     * callback only makes the engine poll that task at once; polling still confirms every state.
     */
    public record Callbacks(String publicUrl, int port) {
        public boolean enabled() {
            return publicUrl != null && !publicUrl.isBlank();
        }

        /** The URL a provider is given: {@code <publicUrl>/<provider>}. */
        public String urlFor(String provider) {
            return enabled() ? publicUrl.replaceAll("/+$", "") + "/" + provider : null;
        }
    }

    /** {@code devModeUsers}: user keys (PLATFORM:id) that may use the operator's keys from the environment. */
    public record Security(Path masterKeyFile, String masterKeyEnv, List<String> devModeUsers) {
    }
}
