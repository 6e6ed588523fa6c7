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
        Callbacks callbacks,
        Storage storage,
        Retention retention,
        Backups backups) {

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

    public record Providers(String defaultProvider, Provider kling, Provider minimax) {
        public Provider get(String id) {
            return switch (id) {
                case "kling" -> kling;
                case "minimax" -> minimax;
                default -> throw new ConfigException("providers.default: unknown provider '" + id + "' (kling or minimax)");
            };
        }
    }

    /**
     * {@code dailySpendUsdPerUser} 0 means no cap; {@code dayZone} is where the days of the daily limits begin and
     * end (see {@code io.storyreel.core.generation.PayerLimits}).
     */
    public record Limits(int maxScenes, int runningFilmsPerUser, int dailyFilmsPerUser, int dailyClipsPerUser,
                         double dailySpendUsdPerUser, java.time.ZoneId dayZone, int maxPhotoBytes) {
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
     * Provider task callbacks (webhooks): with a {@code publicUrl}, Kling and MiniMax are asked to POST each task's
     * status changes to {@code <publicUrl>/kling} and {@code <publicUrl>/minimax}, which this process serves on
     * {@code port}. A callback only makes the engine poll that task at once; polling still confirms every state.
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

    /**
     * {@code devModeUsers}: user keys (PLATFORM:id) that may use the operator's keys from the environment.
     * {@code allowLooseKeysetPermissions}: start even when the keyset file can be read by other accounts.
     */
    public record Security(Path masterKeyFile, String masterKeyEnv, List<String> devModeUsers,
                           boolean allowLooseKeysetPermissions) {
    }

    /** {@code minFreeBytes}: below this much free space under {@code data-dir} no new film starts (0 = never refuse). */
    public record Storage(long minFreeBytes) {
    }

    /**
     * How long the photos, clips and films of a finished storybook (done, cancelled or failed) are kept, counted from
     * when it finished; {@code null} keeps them for ever. The rows stay (history); only the files go.
     * {@code sweepInterval}: how often the sweep runs.
     */
    public record Retention(java.time.Duration photos, java.time.Duration clips, java.time.Duration films,
                            java.time.Duration sweepInterval) {
    }

    /**
     * Backups the running bot writes itself (the H2 database can only be backed up online by the process that has it
     * open): every {@code interval} a new {@code storyreel-<time>} folder in {@code dir} with the database, the
     * keysets and the blob list; the newest {@code keep} are kept. {@code dir} null: off.
     */
    public record Backups(Path dir, java.time.Duration interval, int keep) {
        public boolean enabled() {
            return dir != null;
        }
    }
}
