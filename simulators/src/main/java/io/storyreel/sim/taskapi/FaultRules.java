package io.storyreel.sim.taskapi;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Faults a test (or a person, through {@code POST /__admin/faults}) arms on a simulator. Each "next" rule fires a
 * fixed number of times and then disarms itself; the switches ({@link #insufficientBalance}, {@link #concurrencyLimit},
 * {@link #expireDownloadUrls}, {@link #taskDuration}) stay until {@link #clear()}.
 *
 * <p>The simulators translate each rule into their provider's own wire form; the Javadoc of each method names it.
 */
public final class FaultRules {

    /**
     * A task armed to fail. {@code message} null means the provider's documented moderation message; {@code code} is
     * the provider's own failure code where it has one (Runway {@code failureCode}, fal {@code error_type}, a Veo
     * operation error code), null for its default. {@link #CONTENT_FILTERED} marks a task whose output is withheld by
     * a safety filter rather than failed.
     */
    public record TaskFailure(String message, String code) {
        public TaskFailure(String message) {
            this(message, null);
        }

        public boolean filtered() {
            return CONTENT_FILTERED.equals(code);
        }
    }

    /** {@link TaskFailure#code()} of {@link #filterNextOutput}. */
    public static final String CONTENT_FILTERED = "content-filtered";

    /** Tasks armed to wait before their life begins. */
    private record Hold(int tasks, Duration delay, int ahead) {
    }

    private int rateLimited;
    private Duration retryAfter = Duration.ofSeconds(1);
    private int serverErrors;
    private Duration createHold;
    private TaskFailure taskFailure;
    private Duration processing;
    private boolean truncateDownload;
    private boolean downloadsExpired;
    private boolean balanceInsufficient;
    private int concurrency;
    private Integer authRejection;
    private Integer createsPerMinute;
    private Hold hold;

    /** The next {@code creates} creates answer HTTP 429 with {@code Retry-After} (Kling 1302; MiniMax 1002). */
    public synchronized void rateLimitNext(int creates, Duration retryAfter) {
        requireNonNegative(creates, "creates");
        this.rateLimited = creates;
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /**
     * The next {@code requests} API requests (create, query, retrieve; not downloads or admin) answer a 5xx
     * (Kling cycles 500/5000, 503/5001, 504/5002; MiniMax 500 with 1024 "internal error").
     */
    public synchronized void serverErrorsNext(int requests) {
        requireNonNegative(requests, "requests");
        this.serverErrors = requests;
    }

    /** The next create really creates its task, then holds the response for {@code hold} and drops the connection. */
    public synchronized void createTimesOutAfterCreating(Duration hold) {
        this.createHold = Objects.requireNonNull(hold, "hold");
    }

    /**
     * The next task created fails instead of succeeding (Kling {@code failed} with {@code task_status_msg};
     * MiniMax {@code Fail} with 1027). A null message means the documented moderation text.
     */
    public synchronized void failNextTask(String message) {
        failNextTask(message, null);
    }

    /**
     * The next task created fails with the provider's failure {@code code} (Runway {@code failureCode} such as
     * {@code SAFETY.INPUT.TEXT}; fal {@code error_type} such as {@code runner_disconnected}; a Veo operation error
     * code); null message or code mean the provider's defaults.
     */
    public synchronized void failNextTask(String message, String code) {
        this.taskFailure = new TaskFailure(message, code);
    }

    /**
     * The next task finishes with its output withheld by the provider's safety filter (Veo: {@code done} with
     * {@code raiMediaFilteredReasons} and no videos; Runway {@code SAFETY.OUTPUT.VIDEO}; fal
     * {@code content_policy_violation}); Kling and MiniMax fail it with {@code reasons} as the message.
     */
    public synchronized void filterNextOutput(String reasons) {
        this.taskFailure = new TaskFailure(reasons, CONTENT_FILTERED);
    }

    /**
     * The next {@code tasks} tasks created wait {@code wait} before their life begins (Runway {@code THROTTLED}; fal
     * {@code IN_QUEUE} with a {@code queue_position} counting down from {@code ahead}; Kling {@code submitted}; MiniMax
     * {@code Queueing}).
     */
    public synchronized void holdNextTasks(int tasks, Duration wait, int ahead) {
        requireNonNegative(tasks, "tasks");
        requireNonNegative(ahead, "ahead");
        this.hold = new Hold(tasks, Objects.requireNonNull(wait, "wait"), ahead);
    }

    /** Tasks created from now on spend {@code processing} in the running state. */
    public synchronized void taskDuration(Duration processing) {
        this.processing = Objects.requireNonNull(processing, "processing");
    }

    /** The next download sends fewer bytes than its {@code Content-Length}, then closes the connection. */
    public synchronized void truncateNextDownload() {
        this.truncateDownload = true;
    }

    /** Every result URL, existing and future, answers as expired (Kling 404; MiniMax OSS-style 403). */
    public synchronized void expireDownloadUrls() {
        this.downloadsExpired = true;
    }

    /** Creates are refused for lack of money (Kling 429/1102 "Account balance not enough"; MiniMax 1008). */
    public synchronized void insufficientBalance(boolean on) {
        this.balanceInsufficient = on;
    }

    /**
     * At most {@code tasks} unfinished tasks per account; a create over it is refused (Kling 429/1303
     * "parallel task over resource pack limit"; MiniMax 1002, see the MiniMax simulator). 0 = no limit.
     */
    public synchronized void concurrencyLimit(int tasks) {
        requireNonNegative(tasks, "tasks");
        this.concurrency = tasks;
    }

    /**
     * The next authenticated request is refused with the given Kling auth code (1000–1004, HTTP 401). MiniMax maps
     * 2049 to "invalid api key" and every other code to 1004 "not authorized".
     */
    public synchronized void rejectNextAuth(int klingCode) {
        this.authRejection = klingCode;
    }

    /**
     * Override the provider's documented create rate limit (MiniMax: 5 per minute per key, answered with 1002);
     * 0 = unlimited. Kling documents no request-rate limit and ignores this. {@link #clear()} restores the default.
     */
    public synchronized void createsPerMinute(int creates) {
        requireNonNegative(creates, "creates");
        this.createsPerMinute = creates;
    }

    public synchronized void clear() {
        rateLimited = 0;
        retryAfter = Duration.ofSeconds(1);
        serverErrors = 0;
        createHold = null;
        taskFailure = null;
        processing = null;
        truncateDownload = false;
        downloadsExpired = false;
        balanceInsufficient = false;
        concurrency = 0;
        authRejection = null;
        createsPerMinute = null;
        hold = null;
    }

    // --- consumed by the simulators ---------------------------------------------------------------------------

    /** If a rate-limit fault is armed, disarm one and return its Retry-After. */
    public synchronized Optional<Duration> takeRateLimit() {
        if (rateLimited <= 0) {
            return Optional.empty();
        }
        rateLimited--;
        return Optional.of(retryAfter);
    }

    public synchronized boolean takeServerError() {
        if (serverErrors <= 0) {
            return false;
        }
        serverErrors--;
        return true;
    }

    public synchronized Optional<Duration> takeCreateHold() {
        Duration hold = createHold;
        createHold = null;
        return Optional.ofNullable(hold);
    }

    public synchronized Optional<TaskFailure> takeTaskFailure() {
        TaskFailure failure = taskFailure;
        taskFailure = null;
        return Optional.ofNullable(failure);
    }

    public synchronized Optional<Duration> processingOverride() {
        return Optional.ofNullable(processing);
    }

    public synchronized boolean takeTruncatedDownload() {
        boolean t = truncateDownload;
        truncateDownload = false;
        return t;
    }

    public synchronized boolean downloadsExpired() {
        return downloadsExpired;
    }

    public synchronized boolean balanceInsufficient() {
        return balanceInsufficient;
    }

    public synchronized int concurrencyLimitOrZero() {
        return concurrency;
    }

    public synchronized OptionalInt takeAuthRejection() {
        Integer code = authRejection;
        authRejection = null;
        return code == null ? OptionalInt.empty() : OptionalInt.of(code);
    }

    /** If a hold is armed, disarm one and return how long it holds and the places ahead. */
    public synchronized Optional<Held> takeHold() {
        if (hold == null || hold.tasks() <= 0) {
            return Optional.empty();
        }
        Held held = new Held(hold.delay(), hold.ahead());
        hold = hold.tasks() == 1 ? null : new Hold(hold.tasks() - 1, hold.delay(), hold.ahead());
        return Optional.of(held);
    }

    /** A wait armed by {@link #holdNextTasks}: how long, and how many places ahead of the task at first. */
    public record Held(Duration delay, int ahead) {
    }

    /** The create rate limit per minute, or {@code providerDefault} when none was set. */
    public synchronized int createsPerMinuteOr(int providerDefault) {
        return createsPerMinute == null ? providerDefault : createsPerMinute;
    }

    /**
     * Arm a rule from the admin endpoint's JSON: {@code {"rule":"<method name>", ...}} with {@code count},
     * {@code retryAfterSeconds}, {@code holdSeconds}, {@code message}, {@code seconds}, {@code on}, {@code tasks},
     * {@code code}, {@code reasons}, {@code ahead} as the rule needs.
     *
     * @throws IllegalArgumentException for an unknown rule or a missing parameter
     */
    public void apply(JsonNode body) {
        String rule = text(body, "rule");
        switch (rule) {
            case "rateLimitNext" -> rateLimitNext(integer(body, "count", 1),
                    seconds(body, "retryAfterSeconds", Duration.ofSeconds(1)));
            case "serverErrorsNext" -> serverErrorsNext(integer(body, "count", 1));
            case "createTimesOutAfterCreating" -> createTimesOutAfterCreating(
                    seconds(body, "holdSeconds", Duration.ofSeconds(1)));
            case "failNextTask" -> failNextTask(body.hasNonNull("message") ? body.get("message").asText() : null,
                    body.hasNonNull("code") ? body.get("code").asText() : null);
            case "filterNextOutput" -> filterNextOutput(body.hasNonNull("reasons") ? body.get("reasons").asText()
                    : null);
            case "holdNextTasks" -> holdNextTasks(integer(body, "count", 1), seconds(body, "seconds", null),
                    integer(body, "ahead", 5));
            case "taskDuration" -> taskDuration(seconds(body, "seconds", null));
            case "truncateNextDownload" -> truncateNextDownload();
            case "expireDownloadUrls" -> expireDownloadUrls();
            case "insufficientBalance" -> insufficientBalance(!body.has("on") || body.get("on").asBoolean());
            case "concurrencyLimit" -> concurrencyLimit(integer(body, "tasks", null));
            case "rejectNextAuth" -> rejectNextAuth(integer(body, "code", 1004));
            case "createsPerMinute" -> createsPerMinute(integer(body, "count", null));
            case "clear" -> clear();
            default -> throw new IllegalArgumentException("unknown rule '" + rule + "'");
        }
    }

    private static String text(JsonNode body, String field) {
        if (body == null || !body.hasNonNull(field)) {
            throw new IllegalArgumentException("missing '" + field + "'");
        }
        return body.get(field).asText();
    }

    private static int integer(JsonNode body, String field, Integer dflt) {
        if (!body.hasNonNull(field)) {
            if (dflt == null) {
                throw new IllegalArgumentException("rule needs '" + field + "'");
            }
            return dflt;
        }
        return body.get(field).asInt();
    }

    private static Duration seconds(JsonNode body, String field, Duration dflt) {
        if (!body.hasNonNull(field)) {
            if (dflt == null) {
                throw new IllegalArgumentException("rule needs '" + field + "'");
            }
            return dflt;
        }
        return Duration.ofMillis(Math.round(body.get(field).asDouble() * 1000));
    }

    private static void requireNonNegative(int n, String name) {
        if (n < 0) {
            throw new IllegalArgumentException(name + " must be >= 0");
        }
    }
}
