package io.storyreel.sim.minimax;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storyreel.core.logging.SecretRegistry;
import io.storyreel.sim.taskapi.AcceptedKeys;
import io.storyreel.sim.taskapi.CallJournal;
import io.storyreel.sim.taskapi.FaultRules;
import io.storyreel.sim.taskapi.RateWindow;
import io.storyreel.sim.taskapi.SimExchange;
import io.storyreel.sim.taskapi.SimSettings;
import io.storyreel.sim.taskapi.SimTask;
import io.storyreel.sim.taskapi.TaskApiSimulator;
import io.storyreel.sim.render.ClipRenderer;
import io.storyreel.sim.render.ClipRenderer.ClipSpec;
import io.storyreel.sim.render.ClipRenderer.RenderedClip;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A faithful local MiniMax (Hailuo) video API (spec §2): {@code POST /v1/video_generation},
 * {@code GET /v1/query/video_generation?task_id=}, {@code GET /v1/files/retrieve?file_id=} (a {@code GroupId}
 * parameter is accepted and ignored, or checked after {@link #requireGroupId}), a {@code callback_url} verified by
 * the challenge handshake before the task is created and then sent every status change (§2.6), {@code base_resp}
 * envelopes, a {@code Trace-Id} header on every API answer,
 * {@code Preparing → Queueing → Processing → Success|Fail} on the configured clock, and OSS-style signed download URLs
 * ({@code Expires}, {@code OSSAccessKeyId}, {@code Signature}) valid 9 hours by default, then 403.
 *
 * <p>Choices where the spec is UNCERTAIN: business errors come with HTTP 200 (the fault rules for 429 and 5xx use
 * those statuses); a missing key is 1004 "cookie is missing, log in again", a wrong key 2049 "invalid api key";
 * more creates than the per-key limit (5 per minute by default, {@link FaultRules#createsPerMinute}) is 1002; the
 * concurrency fault is also answered with 1002 (MiniMax documents no in-flight limit; 1002 is its documented "rate
 * limit triggered, please try again later", which every client treats as retryable); a failed task is
 * {@code status:"Fail"} with {@code base_resp} 1027 "output new_sensitive"; an unknown task or file id is 2013;
 * {@code file.bytes} is 0 as in the observed responses.
 */
public final class MiniMaxSimulator extends TaskApiSimulator {

    /** API key {@code storyreel simulate} accepts unless told otherwise. */
    public static final String DEFAULT_API_KEY = "sim-minimax-api-key-0123456789";
    /** Documented create limit for video generation on the global platform. */
    public static final int DOCUMENTED_CREATES_PER_MINUTE = 5;
    static final Duration DOCUMENTED_URL_LIFETIME = Duration.ofHours(9);
    static final String DEFAULT_FAILURE = "output new_sensitive";

    private static final Pattern OSS_PATH =
            Pattern.compile("^/(oss|oss-backup)/inference_output/video/(\\d{4}-\\d{2}-\\d{2})/([0-9a-f-]{36})/output\\.mp4$");
    private static final String OSS_KEY_ID = "LTAI5tStoryreelSimulator";
    private static final Duration CHALLENGE_TIMEOUT = Duration.ofSeconds(3);

    private final String apiKey;
    private final AcceptedKeys accounts = new AcceptedKeys();
    private final Map<String, MiniMaxTask> tasks = new ConcurrentHashMap<>();
    private volatile String groupId;
    private final RateWindow recentCreates = new RateWindow();
    private final SecureRandom random = new SecureRandom();
    private final byte[] ossSecret = new byte[32];

    /** One created task: its life, what was asked, its file id and the object name of its video. */
    private record MiniMaxTask(SimTask sim, MiniMaxCreateRequest request, String fileId, String objectUuid,
                               String objectDate) {
    }

    private MiniMaxSimulator(SimSettings settings, String apiKey, ClipRenderer renderer) {
        super("minimax", settings, renderer);
        SecretRegistry.register(apiKey);
        this.apiKey = apiKey;
        accounts.add(apiKey);
        random.nextBytes(ossSecret);
    }

    public static MiniMaxSimulator start(SimSettings settings) {
        return start(settings, DEFAULT_API_KEY);
    }

    public static MiniMaxSimulator start(SimSettings settings, String apiKey) {
        return start(settings, apiKey, ClipRenderer.inTempDir());
    }

    public static MiniMaxSimulator start(SimSettings settings, String apiKey, ClipRenderer renderer) {
        if (apiKey == null || apiKey.isEmpty()) {
            throw new IllegalArgumentException("api key must not be empty");
        }
        return listening(new MiniMaxSimulator(settings, apiKey, renderer));
    }

    public String apiKey() {
        return apiKey;
    }

    /**
     * Accepts another API key as a separate account: its tasks are its own (querying or retrieving another account's
     * task answers as if it did not exist, "Only tasks created under the current account can be queried"), and its
     * creates are journalled under {@code apiKey}, so a test can tell whose keys paid.
     */
    public MiniMaxSimulator addAccount(String apiKey) {
        accounts.add(apiKey);
        return this;
    }

    /**
     * Makes the key belong to a group, like a legacy account (spec §2.2): a {@code files/retrieve} carrying any other
     * {@code GroupId} is refused with 1004 "token not match group". Without a {@code GroupId} it still works.
     */
    public MiniMaxSimulator requireGroupId(String groupId) {
        this.groupId = groupId;
        return this;
    }

    @Override
    protected void forgetRateWindows() {
        recentCreates.clear();
    }

    // --- routing -----------------------------------------------------------------------------------------------

    @Override
    protected void handle(SimExchange ex) throws IOException {
        Matcher oss = OSS_PATH.matcher(ex.path());
        if (oss.matches() && ex.method().equals("GET")) {
            download(ex, oss);
            return;
        }
        Instant now = now();
        ex.setHeader("Trace-Id", HexFormat.of().formatHex(randomBytes(16)));
        String route = ex.method() + " " + ex.path();
        String key = bearerKey(ex.header("Authorization"));
        String taskId = null;
        boolean created = false;
        int code = 0;
        try {
            switch (route) {
                case "POST /v1/video_generation", "GET /v1/query/video_generation", "GET /v1/files/retrieve" -> {
                }
                default -> {
                    ex.respondText(404, "404 page not found");
                    return;
                }
            }
            if (faults().takeServerError()) {
                throw new MiniMaxError(500, 1024, "internal error");
            }
            authenticate(key);
            switch (route) {
                case "POST /v1/video_generation" -> {
                    MiniMaxTask task = create(ex, key, now);
                    taskId = task.sim().id();
                    created = true;
                    Optional<Duration> hold = faults().takeCreateHold();
                    if (hold.isPresent()) {
                        ex.dropAfter(hold.get());
                        return;
                    }
                    ObjectNode body = SimExchange.JSON.createObjectNode();
                    body.put("task_id", taskId);
                    body.set("base_resp", baseResp(0, "success"));
                    ex.respondJson(200, body);
                }
                case "GET /v1/query/video_generation" -> {
                    taskId = ex.query().get("task_id");
                    ex.respondJson(200, query(key, taskId, now));
                }
                default -> ex.respondJson(200, retrieve(ex, key, ex.query().get("file_id"), now));
            }
        } catch (MiniMaxError e) {
            code = e.code;
            ObjectNode body = SimExchange.JSON.createObjectNode();
            if (route.startsWith("POST")) {
                body.put("task_id", "");
            }
            body.set("base_resp", baseResp(e.code, e.getMessage()));
            ex.respondJson(e.httpStatus, body);
        } finally {
            journal().record(new CallJournal.Call(now, ex.method(), ex.path(), key, null, taskId,
                    ex.responded() ? ex.status() : -1, code, created));
        }
    }

    private static String bearerKey(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        String key = authorization.substring("Bearer ".length()).trim();
        return key.isEmpty() ? null : key;
    }

    private void authenticate(String key) throws MiniMaxError {
        if (key == null) {
            throw new MiniMaxError(200, 1004, "cookie is missing, log in again");
        }
        if (accounts.match(key).isEmpty()) {
            throw new MiniMaxError(200, 2049, "invalid api key");
        }
        int rejected = faults().takeAuthRejection().orElse(0);
        if (rejected == 2049) {
            throw new MiniMaxError(200, 2049, "invalid api key");
        } else if (rejected != 0) {
            throw new MiniMaxError(200, 1004, "not authorized");
        }
    }

    // --- create ------------------------------------------------------------------------------------------------

    private MiniMaxTask create(SimExchange ex, String key, Instant now) throws MiniMaxError, IOException {
        Optional<Duration> retryAfter = faults().takeRateLimit();
        if (retryAfter.isPresent()) {
            ex.setHeader("Retry-After", retryAfterSeconds(retryAfter.get()));
            throw new MiniMaxError(429, 1002, "rate limit triggered, please try again later");
        }
        int rpm = faults().createsPerMinuteOr(DOCUMENTED_CREATES_PER_MINUTE);
        if (recentCreates.waitFor(key, now, rpm).isPresent()) {
            throw new MiniMaxError(200, 1002, "rate limit triggered, please try again later (RPM " + rpm + ")");
        }
        MiniMaxCreateRequest req = MiniMaxCreateRequest.read(ex.jsonOrNull(), fetcher());
        if (faults().balanceInsufficient()) {
            throw new MiniMaxError(200, 1008, "insufficient balance");
        }
        boolean callback = req.callbackUrl() != null && !req.callbackUrl().isBlank();
        // spec §2.6: the callback URL must echo a challenge within 3 s, or the task is not created
        if (callback && !callbacks().challenge(req.callbackUrl(), CHALLENGE_TIMEOUT)) {
            throw new MiniMaxError(200, 2013, "invalid params, callback_url did not answer the challenge");
        }
        MiniMaxTask task;
        synchronized (tasks) {
            int limit = faults().concurrencyLimitOrZero();
            long inFlight = tasks.values().stream()
                    .filter(t -> key.equals(t.sim().credentialId()) && !t.sim().finished(now)).count();
            if (limit > 0 && inFlight >= limit) {
                throw new MiniMaxError(200, 1002, "rate limit triggered, please try again later (too many tasks"
                        + " in progress)");
            }
            task = newTask(key, req, now);
            tasks.put(task.sim().id(), task);
        }
        recentCreates.record(key, now);
        if (callback) {
            // the body of a status query, without video_width and video_height (spec §2.6)
            String id = task.sim().id();
            callbacks().watch(id, req.callbackUrl(), "status", Set.of("Success", "Fail"), at -> {
                try {
                    ObjectNode body = query(key, id, at);
                    body.remove("video_width");
                    body.remove("video_height");
                    return body;
                } catch (MiniMaxError e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            });
        }
        return task;
    }

    private MiniMaxTask newTask(String key, MiniMaxCreateRequest req, Instant now) {
        double seconds = settings().clipSeconds() > 0 ? settings().clipSeconds() : req.duration();
        ClipSpec spec = new ClipSpec(MiniMaxModel.shortSide(req.resolution()), MiniMaxModel.FPS, seconds, false);
        SimTask sim = newTask(numericId(), key, req.firstFrame().bytes(),
                req.lastFrame() == null ? null : req.lastFrame().bytes(), spec, DEFAULT_FAILURE);
        return new MiniMaxTask(sim, req, numericId(), UUID.randomUUID().toString(),
                now.atOffset(ZoneOffset.UTC).toLocalDate().toString());
    }

    // --- query and retrieve ------------------------------------------------------------------------------------

    private ObjectNode query(String key, String taskId, Instant now) throws MiniMaxError {
        if (taskId == null || taskId.isEmpty()) {
            throw MiniMaxError.missing("task_id");
        }
        MiniMaxTask task = Optional.ofNullable(tasks.get(taskId))
                .filter(t -> key.equals(t.sim().credentialId()))
                .orElseThrow(() -> MiniMaxError.invalid("task " + taskId + " not found"));
        SimTask sim = task.sim();
        ObjectNode body = SimExchange.JSON.createObjectNode();
        body.put("task_id", sim.id());
        SimTask.Phase phase = sim.phase(now);
        switch (phase) {
            case QUEUED -> {
                Duration half = Duration.between(sim.createdAt(), sim.runningAt(now)).dividedBy(2);
                body.put("status", now.isBefore(sim.createdAt().plus(half)) ? "Preparing" : "Queueing");
            }
            case RUNNING -> body.put("status", "Processing");
            case SUCCEEDED -> {
                RenderedClip clip = sim.clip().orElseThrow();
                body.put("status", "Success");
                body.put("file_id", task.fileId());
                body.put("video_width", clip.width());
                body.put("video_height", clip.height());
            }
            case FAILED -> body.put("status", "Fail");
        }
        if (phase == SimTask.Phase.FAILED) {
            body.set("base_resp", sim.failedOnPurpose() ? baseResp(1027, sim.failureMessage())
                    : baseResp(1000, "unknown error"));
        } else {
            body.set("base_resp", baseResp(0, "success"));
        }
        return body;
    }

    private ObjectNode retrieve(SimExchange ex, String key, String fileId, Instant now) throws MiniMaxError {
        if (fileId == null || fileId.isEmpty()) {
            throw MiniMaxError.missing("file_id");
        }
        String askedGroup = ex.query().get("GroupId");
        if (groupId != null && askedGroup != null && !askedGroup.equals(groupId)) {
            throw new MiniMaxError(200, 1004, "token not match group");
        }
        MiniMaxTask task = tasks.values().stream()
                .filter(t -> fileId.equals(t.fileId()) && key.equals(t.sim().credentialId())
                        && t.sim().phase(now) == SimTask.Phase.SUCCEEDED)
                .findFirst()
                .orElseThrow(() -> MiniMaxError.invalid("file " + fileId + " not found"));
        long expires = now.plus(settings().urlLifetimeOr(DOCUMENTED_URL_LIFETIME)).getEpochSecond();
        ObjectNode file = SimExchange.JSON.createObjectNode();
        file.put("file_id", Long.parseLong(task.fileId()));
        file.put("bytes", 0);
        file.put("created_at", task.sim().updatedAt(now).getEpochSecond());
        file.put("filename", "output.mp4");
        file.put("purpose", "video_generation");
        file.put("download_url", signedUrl("oss", task, expires));
        file.put("backup_download_url", signedUrl("oss-backup", task, expires));
        ObjectNode body = SimExchange.JSON.createObjectNode();
        body.set("file", file);
        body.set("base_resp", baseResp(0, "success"));
        return body;
    }

    private String signedUrl(String bucket, MiniMaxTask task, long expires) {
        String object = "inference_output/video/" + task.objectDate() + "/" + task.objectUuid() + "/output.mp4";
        String path = "/" + bucket + "/" + object;
        return baseUrl() + "/" + bucket + "/" + object.replace("/", "%2F")
                + "?Expires=" + expires
                + "&OSSAccessKeyId=" + OSS_KEY_ID
                + "&Signature=" + URLEncoder.encode(signature(path, expires), StandardCharsets.UTF_8);
    }

    private String signature(String path, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(ossSecret, "HmacSHA1"));
            return Base64.getEncoder().encodeToString(
                    mac.doFinal(("GET\n\n\n" + expires + "\n" + path).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- download ----------------------------------------------------------------------------------------------

    private void download(SimExchange ex, Matcher oss) throws IOException {
        Instant now = now();
        Map<String, String> q = ex.query();
        String path = ex.path();
        String uuid = oss.group(3);
        Optional<MiniMaxTask> task = tasks.values().stream().filter(t -> t.objectUuid().equals(uuid)).findFirst();
        long expires;
        try {
            expires = Long.parseLong(q.getOrDefault("Expires", ""));
        } catch (NumberFormatException e) {
            expires = -1;
        }
        String given = q.getOrDefault("Signature", "");
        if (expires < 0 || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                signature(path, expires).getBytes(StandardCharsets.UTF_8))) {
            ossError(ex, 403, "SignatureDoesNotMatch",
                    "The request signature we calculated does not match the signature you provided.");
        } else if (faults().downloadsExpired() || now.getEpochSecond() > expires) {
            ossError(ex, 403, "AccessDenied", "Request has expired.");
        } else if (task.isEmpty() || task.get().sim().clip().isEmpty()) {
            ossError(ex, 404, "NoSuchKey", "The specified key does not exist.");
        } else {
            ex.sendFile(task.get().sim().clip().get().file(), "video/mp4", faults().takeTruncatedDownload());
        }
        recordDownload(ex, now, task.map(t -> t.sim().id()).orElse(null));
    }

    private void ossError(SimExchange ex, int status, String code, String message) throws IOException {
        String requestId = HexFormat.of().formatHex(randomBytes(12)).toUpperCase();
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n  <Code>" + code + "</Code>\n  <Message>"
                + message + "</Message>\n  <RequestId>" + requestId + "</RequestId>\n  <HostId>127.0.0.1</HostId>\n"
                + "</Error>\n";
        ex.setHeader("x-oss-request-id", requestId);
        ex.respond(status, "application/xml", xml.getBytes(StandardCharsets.UTF_8));
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private static ObjectNode baseResp(int code, String message) {
        ObjectNode n = SimExchange.JSON.createObjectNode();
        n.put("status_code", code);
        n.put("status_msg", message);
        return n;
    }

    /** A 15–18 digit numeric string, like {@code 106916112212032}. */
    private String numericId() {
        return Long.toString(100_000_000_000_000L + Math.floorMod(random.nextLong(), 900_000_000_000_000L));
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
