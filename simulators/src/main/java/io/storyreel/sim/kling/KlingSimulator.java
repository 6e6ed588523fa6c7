package io.storyreel.sim.kling;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storyreel.core.logging.SecretRegistry;
import io.storyreel.sim.taskapi.CallJournal;
import io.storyreel.sim.taskapi.SimExchange;
import io.storyreel.sim.taskapi.SimSettings;
import io.storyreel.sim.taskapi.SimTask;
import io.storyreel.sim.taskapi.TaskApiSimulator;
import io.storyreel.sim.render.ClipRenderer;
import io.storyreel.sim.render.ClipRenderer.ClipSpec;
import io.storyreel.sim.render.ClipRenderer.RenderedClip;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A faithful local Kling API (spec §1): {@code POST /v1/videos/image2video}, {@code GET /v1/videos/image2video/{id}}
 * (task id or {@code external_task_id}), {@code GET /v1/videos/image2video?pageNum&pageSize},
 * {@code GET /account/costs?start_time&end_time} (one call a second per account), status callbacks to a task's
 * {@code callback_url} (§1.5: the flat task object on every change, no retry), the JWT check with its
 * 100x codes, the §1.6 error table, and real MP4 results served at CDN-like paths
 * ({@code /bs2/upload-kling-api/<n>/image2video/<task_id>-0_raw_video_1.mp4}, plain GET, 30-day lifetime by default,
 * then 404).
 *
 * <p>Choices where the spec says UNKNOWN: unknown {@code model_name} is 404/1203; unknown task id is 404/1203; a
 * numeric {@code duration} is refused with 1201 (the doc type is string); a duplicate {@code external_task_id} in the
 * same account is refused with 1201; {@code final_unit_deduction} is "0" for failed tasks and absent before a task
 * finishes; the reported video {@code duration} is the real clip length with one decimal (a spec-length clip is made
 * 0.1 s longer than asked, like the observed "5.1"). Image URLs are fetched. The account call's body is not in the
 * spec: it answers one 1000-unit resource pack in the official field names, lowered by each succeeded task's units.
 */
public final class KlingSimulator extends TaskApiSimulator {

    /** Access key {@code storyreel simulate} accepts unless told otherwise. */
    public static final String DEFAULT_ACCESS_KEY = "sim-kling-access-key";
    /** Secret key {@code storyreel simulate} accepts unless told otherwise. */
    public static final String DEFAULT_SECRET_KEY = "sim-kling-secret-key-0123456789";
    /** The verbatim over-concurrency message of the official Rate Limits page. */
    static final String CONCURRENCY_MESSAGE = "parallel task over resource pack limit";
    static final String DEFAULT_FAILURE = "Failure to pass the risk control system";
    static final Duration DOCUMENTED_URL_LIFETIME = Duration.ofDays(30);

    private static final String TASKS = "/v1/videos/image2video";
    private static final String COSTS = "/account/costs";
    private static final Pattern TASK_PATH = Pattern.compile("^/v1/videos/image2video/([^/]+)$");
    private static final Pattern VIDEO_PATH =
            Pattern.compile("^/bs2/upload-kling-api/(\\d+)/image2video/([A-Za-z0-9_-]+)-0_raw_video_1\\.mp4$");
    private static final int[][] SERVER_ERRORS = {{500, 5000}, {503, 5001}, {504, 5002}};
    private static final Map<Integer, String> SERVER_ERROR_MESSAGES = Map.of(
            5000, "Server internal error", 5001, "Server temporarily unavailable", 5002, "Server internal timeout");

    private final String accessKey;
    private final String secretKey;
    private final KlingAuth auth;
    private final Map<String, KlingTask> tasks = new ConcurrentHashMap<>();
    private final KlingAccountCosts costs = new KlingAccountCosts(tasks.values());
    private final SecureRandom random = new SecureRandom();
    private final AtomicInteger serverErrorTurn = new AtomicInteger();

    private KlingSimulator(SimSettings settings, String accessKey, String secretKey, ClipRenderer renderer) {
        super("kling", settings, renderer);
        SecretRegistry.register(secretKey);
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.auth = new KlingAuth(Map.of(accessKey, secretKey));
    }

    public static KlingSimulator start(SimSettings settings) {
        return start(settings, DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY);
    }

    public static KlingSimulator start(SimSettings settings, String accessKey, String secretKey) {
        return start(settings, accessKey, secretKey, ClipRenderer.inTempDir());
    }

    public static KlingSimulator start(SimSettings settings, String accessKey, String secretKey,
                                       ClipRenderer renderer) {
        requireKeys(accessKey, secretKey);
        return listening(new KlingSimulator(settings, accessKey, secretKey, renderer));
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /**
     * Accepts another key pair as a separate account (its own concurrency and journal entries under
     * {@code accessKey}), so a test can tell whose keys paid: {@code journal().createsFor(accessKey)}.
     */
    public KlingSimulator addAccount(String accessKey, String secretKey) {
        requireKeys(accessKey, secretKey);
        SecretRegistry.register(secretKey);
        auth.add(accessKey, secretKey);
        return this;
    }

    /**
     * The units this account was charged so far: every task's {@code final_unit_deduction} as the simulator answers
     * it (a finished task's price from the unit table; a failed task deducts 0), for tests that add up a film.
     */
    public double unitsCharged(String accessKey) {
        Instant now = now();
        return tasks.values().stream()
                .filter(t -> t.ownedBy(accessKey) && t.sim().phase(now) == SimTask.Phase.SUCCEEDED)
                .mapToDouble(t -> t.units().doubleValue()).sum();
    }

    private static void requireKeys(String accessKey, String secretKey) {
        if (accessKey == null || accessKey.isEmpty() || secretKey == null || secretKey.isEmpty()) {
            throw new IllegalArgumentException("access key and secret key must not be empty");
        }
    }

    @Override
    protected void forgetRateWindows() {
        costs.forget();
    }

    // --- routing -----------------------------------------------------------------------------------------------

    @Override
    protected void handle(SimExchange ex) throws IOException {
        String path = ex.path();
        Matcher video = VIDEO_PATH.matcher(path);
        if (video.matches() && ex.method().equals("GET")) {
            download(ex, video.group(2));
            return;
        }
        Instant now = now();
        Call call = new Call(ex, now);
        try {
            if (!path.startsWith("/v1/") && !path.startsWith("/account/")) {
                throw new KlingError(404, 1202, "The requested method is invalid");
            }
            if (faults().takeServerError()) {
                int[] e = SERVER_ERRORS[Math.floorMod(serverErrorTurn.getAndIncrement(), SERVER_ERRORS.length)];
                throw new KlingError(e[0], e[1], SERVER_ERROR_MESSAGES.get(e[1]));
            }
            KlingAuth.Outcome who = auth.check(ex.header("Authorization"), now);
            call.credentialId = who.accessKey();
            int rejected = faults().takeAuthRejection().orElse(0);
            if (who.ok() && rejected != 0) {
                who = KlingAuth.fail(rejected, who.accessKey());
            }
            if (!who.ok()) {
                throw new KlingError(401, who.code(), who.message());
            }
            Matcher task = TASK_PATH.matcher(path);
            if (path.equals(TASKS) && ex.method().equals("POST")) {
                create(ex, call, who.accessKey());
            } else if (path.equals(TASKS) && ex.method().equals("GET")) {
                list(ex, call, who.accessKey());
            } else if (task.matches() && ex.method().equals("GET")) {
                query(ex, call, who.accessKey(), task.group(1));
            } else if (path.equals(COSTS) && ex.method().equals("GET")) {
                ex.respondJson(200, envelope(call.requestId,
                        costs.answer(who.accessKey(), ex.query(), now, faults().balanceInsufficient())));
            } else {
                throw new KlingError(404, 1202, "The requested method is invalid");
            }
        } catch (KlingError e) {
            ObjectNode body = SimExchange.JSON.createObjectNode();
            body.put("code", e.code);
            body.put("message", e.getMessage());
            body.put("request_id", call.requestId);
            ex.respondJson(e.httpStatus, body);
            call.code = e.code;
        } finally {
            journal().record(call.toJournal(ex));
        }
    }

    /** What the journal will say about one API call; filled in as the call proceeds. */
    private final class Call {
        final String requestId = opaqueId();
        final Instant at;
        final String method;
        final String path;
        String credentialId;
        String externalTaskId;
        String taskId;
        int code;
        boolean created;
        List<String> images = List.of();

        Call(SimExchange ex, Instant at) {
            this.at = at;
            this.method = ex.method();
            this.path = ex.path();
        }

        CallJournal.Call toJournal(SimExchange ex) {
            return new CallJournal.Call(at, method, path, credentialId, externalTaskId, taskId,
                    ex.responded() ? ex.status() : -1, code, created, images);
        }
    }

    // --- create ------------------------------------------------------------------------------------------------

    private void create(SimExchange ex, Call call, String account) throws KlingError, IOException {
        Optional<Duration> retryAfter = faults().takeRateLimit();
        if (retryAfter.isPresent()) {
            ex.setHeader("Retry-After", retryAfterSeconds(retryAfter.get()));
            throw new KlingError(429, 1302, "API request too fast, exceeding rate limit");
        }
        KlingCreateRequest req = KlingCreateRequest.read(ex.jsonOrNull(), fetcher());
        call.externalTaskId = req.externalTaskId();
        call.images = java.util.stream.Stream.of(req.image() == null ? null : "image",
                req.imageTail() == null ? null : "image_tail").filter(java.util.Objects::nonNull).toList();
        if (faults().balanceInsufficient()) {
            throw new KlingError(429, 1102, "Account balance not enough");
        }
        Instant now = now();
        KlingTask task;
        synchronized (tasks) {
            int limit = faults().concurrencyLimitOrZero();
            if (limit > 0 && inFlight(account, now) >= limit) {
                throw new KlingError(429, 1303, CONCURRENCY_MESSAGE);
            }
            if (req.externalTaskId() != null && findByExternalId(account, req.externalTaskId()).isPresent()) {
                throw KlingError.invalid("external_task_id '" + req.externalTaskId() + "' already exists");
            }
            task = newTask(account, req, now);
            tasks.put(task.sim().id(), task);
        }
        call.taskId = task.sim().id();
        call.created = true;
        if (req.callbackUrl() != null && !req.callbackUrl().isBlank()) {
            KlingTask watched = task;
            callbacks().watch(task.sim().id(), req.callbackUrl(), "task_status", Set.of("succeed", "failed"),
                    at -> taskJson(watched, at));
        }
        Optional<Duration> hold = faults().takeCreateHold();
        if (hold.isPresent()) {
            ex.dropAfter(hold.get());
            return;
        }
        ObjectNode data = SimExchange.JSON.createObjectNode();
        data.put("task_id", task.sim().id());
        if (req.externalTaskId() != null) {
            data.putObject("task_info").put("external_task_id", req.externalTaskId());
        }
        data.put("task_status", "submitted");
        data.put("created_at", task.createdMillis());
        data.put("updated_at", task.createdMillis());
        ex.respondJson(200, envelope(call.requestId, data));
    }

    private KlingTask newTask(String account, KlingCreateRequest req, Instant now) {
        double seconds = settings().clipSeconds() > 0 ? settings().clipSeconds()
                : Integer.parseInt(req.duration()) + 0.1;
        KlingModel model = req.model();
        ClipSpec spec = new ClipSpec(model.shortSide(req.mode()), model.fps(), seconds,
                model.hasAudio(req.mode(), req.soundOn()));
        // a start and an end frame make a clip that moves from one to the other; an end frame alone is held
        byte[] end = req.imageTail() == null ? null : req.imageTail().bytes();
        SimTask sim = newTask(opaqueId(), account, req.sourceImage().bytes(), end, spec, DEFAULT_FAILURE);
        return new KlingTask(sim, req, UUID.randomUUID().toString(), now.toEpochMilli());
    }

    private long inFlight(String account, Instant now) {
        return tasks.values().stream()
                .filter(t -> t.ownedBy(account) && !t.sim().finished(now)).count();
    }

    private Optional<KlingTask> findByExternalId(String account, String externalId) {
        return tasks.values().stream()
                .filter(t -> t.ownedBy(account)
                        && externalId.equals(t.request().externalTaskId()))
                .findFirst();
    }

    // --- query -------------------------------------------------------------------------------------------------

    private void query(SimExchange ex, Call call, String account, String id) throws KlingError, IOException {
        // The doc does not say how the id is disambiguated: task_id first, then external_task_id, same account only.
        KlingTask task = Optional.ofNullable(tasks.get(id))
                .filter(t -> t.ownedBy(account))
                .or(() -> findByExternalId(account, id))
                .orElseThrow(() -> new KlingError(404, 1203, "The requested resource does not exist: task " + id));
        call.taskId = task.sim().id();
        call.externalTaskId = task.request().externalTaskId();
        ex.respondJson(200, envelope(call.requestId, taskJson(task, now())));
    }

    private void list(SimExchange ex, Call call, String account) throws KlingError, IOException {
        Map<String, String> q = ex.query();
        int pageNum = intParam(q, "pageNum", 1, 1, 1000);
        int pageSize = intParam(q, "pageSize", 30, 1, 500);
        Instant now = now();
        List<KlingTask> mine = new ArrayList<>(tasks.values().stream()
                .filter(t -> t.ownedBy(account)).toList());
        mine.sort(Comparator.comparing((KlingTask t) -> t.sim().createdAt()).reversed());
        ArrayNode data = SimExchange.JSON.createArrayNode();
        mine.stream().skip((long) (pageNum - 1) * pageSize).limit(pageSize).forEach(t -> data.add(taskJson(t, now)));
        ex.respondJson(200, envelope(call.requestId, data));
    }

    private static int intParam(Map<String, String> q, String name, int dflt, int min, int max) throws KlingError {
        String v = q.get(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the error
        }
        throw KlingError.invalid(name + " must be an integer between " + min + " and " + max);
    }

    private ObjectNode taskJson(KlingTask task, Instant now) {
        SimTask sim = task.sim();
        SimTask.Phase phase = sim.phase(now);
        ObjectNode data = SimExchange.JSON.createObjectNode();
        data.put("task_id", sim.id());
        data.put("task_status", switch (phase) {
            case QUEUED -> "submitted";
            case RUNNING -> "processing";
            case SUCCEEDED -> "succeed";
            case FAILED -> "failed";
        });
        data.put("task_status_msg", phase == SimTask.Phase.FAILED ? sim.failureMessage() : "");
        data.putObject("watermark_info").put("enabled", task.request().watermark());
        if (task.request().externalTaskId() != null) {
            data.putObject("task_info").put("external_task_id", task.request().externalTaskId());
        } else {
            data.putObject("task_info");
        }
        if (phase == SimTask.Phase.SUCCEEDED) {
            RenderedClip clip = sim.clip().orElseThrow();
            ObjectNode v = data.putObject("task_result").putArray("videos").addObject();
            v.put("id", task.videoId());
            v.put("url", videoUrl(sim));
            if (task.request().watermark()) {
                v.put("watermark_url", videoUrl(sim));
            }
            v.put("duration", String.format(Locale.ROOT, "%.1f", clip.seconds()));
            data.put("final_unit_deduction", task.units().stripTrailingZeros().toPlainString());
        } else if (phase == SimTask.Phase.FAILED) {
            data.put("final_unit_deduction", "0");
        }
        data.put("created_at", task.createdMillis());
        data.put("updated_at", sim.updatedAt(now).toEpochMilli());
        return data;
    }

    private String videoUrl(SimTask sim) {
        // a stable per-account number, like the numeric directory of the real CDN paths
        long account = Math.floorMod(sim.credentialId().hashCode(), 9_000_000_000L) + 1_000_000_000L;
        return baseUrl() + "/bs2/upload-kling-api/" + account + "/image2video/" + sim.id() + "-0_raw_video_1.mp4";
    }

    // --- download ----------------------------------------------------------------------------------------------

    private void download(SimExchange ex, String taskId) throws IOException {
        Instant now = now();
        KlingTask task = tasks.get(taskId);
        Optional<RenderedClip> clip = task == null || task.sim().phase(now) != SimTask.Phase.SUCCEEDED
                ? Optional.empty() : task.sim().clip();
        Duration lifetime = settings().urlLifetimeOr(DOCUMENTED_URL_LIFETIME);
        boolean expired = faults().downloadsExpired()
                || (task != null && !now.isBefore(task.sim().updatedAt(now).plus(lifetime)));
        if (clip.isEmpty() || expired) {
            ex.respondText(404, "404 Not Found");
        } else {
            ex.sendFile(clip.get().file(), "video/mp4", faults().takeTruncatedDownload());
        }
        recordDownload(ex, now, taskId);
    }

    private ObjectNode envelope(String requestId, com.fasterxml.jackson.databind.JsonNode data) {
        ObjectNode root = SimExchange.JSON.createObjectNode();
        root.put("code", 0);
        root.put("message", "SUCCEED");
        root.put("request_id", requestId);
        root.set("data", data);
        return root;
    }

    /** A 22-character URL-safe id like the real {@code CjI17WevH1IAAAAAAHmgsw}. */
    private String opaqueId() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
