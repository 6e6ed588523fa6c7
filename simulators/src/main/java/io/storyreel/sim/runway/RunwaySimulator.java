package io.storyreel.sim.runway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storyreel.sim.render.ClipRenderer;
import io.storyreel.sim.render.ClipRenderer.ClipSpec;
import io.storyreel.sim.taskapi.AcceptedKeys;
import io.storyreel.sim.taskapi.CallJournal;
import io.storyreel.sim.taskapi.Charge;
import io.storyreel.sim.taskapi.ConcurrencySlots;
import io.storyreel.sim.taskapi.FaultRules;
import io.storyreel.sim.taskapi.SimExchange;
import io.storyreel.sim.taskapi.SimSettings;
import io.storyreel.sim.taskapi.SimTask;
import io.storyreel.sim.taskapi.TaskApiSimulator;
import io.storyreel.sim.taskapi.UrlSigner;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A faithful local Runway API (spec providers-next §1, checklist §6.1): {@code POST /v1/image_to_video},
 * {@code GET} and {@code DELETE /v1/tasks/{id}}, {@code GET /v1/organization}, with {@code Authorization: Bearer
 * key_<128 hex>} and {@code X-Runway-Version: 2024-11-06} required, zod-style validation answers, tasks moving
 * {@code THROTTLED → PENDING → RUNNING → SUCCEEDED|FAILED} on the simulator's clock, credits estimated at create and
 * charged on success, and signed output URLs ({@code ?_jwt=}) that expire (24 h by default, then 403) and are minted
 * afresh on every {@code GET} of the task. See the package documentation for every choice where the spec is unsure.
 */
public final class RunwaySimulator extends TaskApiSimulator {

    /** Key {@code storyreel simulate} accepts unless told otherwise: {@code key_} and 128 lower-case hex digits. */
    public static final String DEFAULT_API_KEY = "key_" + "5e1f0a2b3c4d6e7f".repeat(8);
    public static final String VERSION = "2024-11-06";
    static final Duration DOCUMENTED_URL_LIFETIME = Duration.ofHours(24);
    static final String DEFAULT_FAILURE_CODE = "SAFETY.OUTPUT.VIDEO";
    static final String NO_CREDITS = "You do not have enough credits to run this task.";
    private static final Pattern KEY_FORMAT = Pattern.compile("^key_[0-9a-f]{128}$");
    private static final Pattern TASK_PATH = Pattern.compile("^/v1/tasks/([^/]+)$");
    private static final Pattern OUTPUT_PATH = Pattern.compile("^/runway-output/([0-9a-f-]{36})/([0-9a-f-]{36})\\.mp4$");
    private static final int[] SERVER_ERRORS = {502, 503, 504};

    private final RunwayOptions options;
    private final Map<String, RunwayModel> models;
    private final RunwayAssets assets;
    private final AcceptedKeys keys = new AcceptedKeys();
    private final Map<String, RunwayTask> tasks = new ConcurrentHashMap<>();
    private final ConcurrencySlots slots;
    private final UrlSigner signer = new UrlSigner();
    private final AtomicInteger serverErrorTurn = new AtomicInteger();

    private RunwaySimulator(SimSettings settings, String apiKey, RunwayOptions options, ClipRenderer renderer) {
        super("runway", settings, renderer);
        this.options = options;
        this.models = RunwayModel.byName(RunwayModel.catalogue(options.gen4TurboDefaultDuration()));
        this.assets = new RunwayAssets(options.allowHttpAssets());
        this.slots = new ConcurrencySlots(this::concurrencyPerModel);
        addKey(apiKey);
    }

    public static RunwaySimulator start(SimSettings settings) {
        return start(settings, DEFAULT_API_KEY, RunwayOptions.defaults());
    }

    public static RunwaySimulator start(SimSettings settings, String apiKey, RunwayOptions options) {
        return start(settings, apiKey, options, ClipRenderer.inTempDir());
    }

    public static RunwaySimulator start(SimSettings settings, String apiKey, RunwayOptions options,
                                        ClipRenderer renderer) {
        requireKey(apiKey);
        return listening(new RunwaySimulator(settings, apiKey, options, renderer));
    }

    /** The first key accepted. */
    public String apiKey() {
        return keys.first();
    }

    public RunwayOptions options() {
        return options;
    }

    /** Accepts another key as a separate organisation (its own credits, concurrency and journal entries). */
    public RunwaySimulator addKey(String apiKey) {
        requireKey(apiKey);
        keys.add(apiKey);
        return this;
    }

    private static void requireKey(String apiKey) {
        if (apiKey == null || !KEY_FORMAT.matcher(apiKey).matches()) {
            throw new IllegalArgumentException("a Runway key is key_ followed by 128 lower-case hex digits");
        }
    }

    // --- routing -----------------------------------------------------------------------------------------------

    @Override
    protected void handle(SimExchange ex) throws IOException {
        Matcher output = OUTPUT_PATH.matcher(ex.path());
        if (output.matches() && ex.method().equals("GET")) {
            download(ex, output.group(1));
            return;
        }
        Instant now = now();
        String key = null;
        String taskId = null;
        boolean created = false;
        try {
            if (!ex.path().startsWith("/v1/")) {
                throw RunwayError.of(404, "Not found");
            }
            if (faults().takeServerError()) {
                int status = SERVER_ERRORS[Math.floorMod(serverErrorTurn.getAndIncrement(), SERVER_ERRORS.length)];
                throw RunwayError.of(status, status == 504 ? "Gateway timeout." : "Service unavailable.");
            }
            key = authenticate(ex.header("Authorization"));
            checkVersion(ex.header("X-Runway-Version"));
            Matcher task = TASK_PATH.matcher(ex.path());
            String route = ex.path().equals("/v1/image_to_video") ? "create"
                    : ex.path().equals("/v1/organization") ? "organization" : task.matches() ? "task" : "";
            switch (route + " " + ex.method()) {
                case "create POST" -> {
                    RunwayTask t = create(ex, key, now);
                    taskId = t.sim.id();
                    created = true;
                    Optional<Duration> hold = faults().takeCreateHold();
                    if (hold.isPresent()) {
                        ex.dropAfter(hold.get());
                        return;
                    }
                    ObjectNode body = SimExchange.JSON.createObjectNode().put("id", taskId);
                    if (options.estimatedCost()) {
                        body.putObject("estimatedCost").put("credits", t.request.credits());
                    }
                    ex.respondJson(200, body);
                }
                case "task GET" -> {
                    taskId = task.group(1);
                    ex.respondJson(200, taskJson(find(key, taskId, true), now));
                }
                case "task DELETE" -> {
                    taskId = task.group(1);
                    RunwayTask t = find(key, taskId, false);
                    t.delete(now);
                    if (t.cancelled()) {
                        slots.cancel(t.sim.id(), now);
                    }
                    ex.respond(204, "application/json", new byte[0]);
                }
                case "organization GET" -> ex.respondJson(200, RunwayOrganization.json(this, key, now));
                default -> throw route.isEmpty() ? RunwayError.of(404, "Not found")
                        : RunwayError.of(405, "Method not allowed");
            }
        } catch (RunwayError e) {
            ex.respondJson(e.httpStatus, e.body);
        } finally {
            journal().record(new CallJournal.Call(now, ex.method(), ex.path(), key, null, taskId,
                    ex.responded() ? ex.status() : -1, 0, created));
        }
    }

    private String authenticate(String authorization) throws RunwayError {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            throw RunwayError.of(401, "Missing API key. Send it as Authorization: Bearer <key>.");
        }
        Optional<String> key = keys.match(authorization.substring("Bearer ".length()).trim());
        if (key.isEmpty() || faults().takeAuthRejection().isPresent()) {
            throw RunwayError.of(401, "Invalid API key.");
        }
        return key.get();
    }

    private void checkVersion(String version) throws RunwayError {
        if (!options.requireVersionHeader() || VERSION.equals(version)) {
            return;
        }
        throw RunwayError.of(400, version == null
                ? "The X-Runway-Version header is required. Set it to " + VERSION + "."
                : "Invalid X-Runway-Version header \"" + version + "\". Supported version: " + VERSION + ".");
    }

    // --- create ------------------------------------------------------------------------------------------------

    private RunwayTask create(SimExchange ex, String key, Instant now) throws RunwayError, IOException {
        Optional<Duration> retryAfter = faults().takeRateLimit();
        if (retryAfter.isPresent()) {
            ex.setHeader("Retry-After", retryAfterSeconds(retryAfter.get()));
            throw RunwayError.of(429, "Too many requests. Please retry later.");
        }
        RunwayCreateRequest req = RunwayCreateRequest.read(ex.jsonOrNull(), models, assets);
        String model = req.model().name();
        synchronized (tasks) {
            if (options.dailyCapPerModel() > 0 && createdToday(key, model, now) >= options.dailyCapPerModel()) {
                throw RunwayError.of(429, "You have reached the maximum number of generations per day for "
                        + model + ". Try again later.");
            }
            if (faults().balanceInsufficient() || req.credits() > RunwayOrganization.balance(this, key, now)) {
                throw RunwayError.of(options.noCreditsStatus(), NO_CREDITS);
            }
            String id = UUID.randomUUID().toString();
            Duration delay = faults().takeHold().map(FaultRules.Held::delay).orElse(Duration.ZERO);
            SimTask.Hold hold = slots.add(id, key + "|" + model, now, now.plus(delay),
                    settings().queueTime().plus(processingTime()));
            SimTask sim = newTask(id, key, req.first().bytes(), req.last() == null ? null : req.last().bytes(),
                    clipSpec(req), new FaultRules.TaskFailure(null, DEFAULT_FAILURE_CODE), hold);
            RunwayTask task = new RunwayTask(sim, req, UUID.randomUUID().toString());
            tasks.put(id, task);
            return task;
        }
    }

    private ClipSpec clipSpec(RunwayCreateRequest req) {
        double seconds = settings().clipSeconds() > 0 ? settings().clipSeconds() : req.duration();
        int fps = req.model().fps();
        if (req.ratio() == null) {
            int shortSide = "1080P".equals(req.resolution()) ? 1080 : 720;
            return new ClipSpec(shortSide, fps, seconds, req.sound());
        }
        String[] wh = req.ratio().split(":");
        ClipSpec spec = ClipSpec.exact(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]), fps, seconds, req.sound());
        return options.fit() == ClipRenderer.Fit.PAD ? spec.padded() : spec;
    }

    long createdToday(String key, String model, Instant now) {
        return tasks.values().stream().filter(t -> t.ownedBy(key) && t.request.model().name().equals(model)
                && t.sim.createdAt().isAfter(now.minus(Duration.ofHours(24)))).count();
    }

    // --- tasks -------------------------------------------------------------------------------------------------

    private RunwayTask find(String key, String id, boolean forReading) throws RunwayError {
        RunwayTask t = tasks.get(id);
        if (t == null || !t.ownedBy(key)
                || (t.deleted() && !(forReading && t.cancelled() && options.cancelledReadable()))) {
            throw RunwayError.of(404, "Could not find Task");
        }
        return t;
    }

    private ObjectNode taskJson(RunwayTask t, Instant now) {
        ObjectNode n = SimExchange.JSON.createObjectNode();
        n.put("id", t.sim.id());
        n.put("createdAt", t.createdAt());
        if (t.cancelled()) {
            n.put("status", "CANCELLED");
            return n;
        }
        SimTask.Phase phase = t.sim.phase(now);
        switch (phase) {
            case QUEUED -> n.put("status", t.sim.held(now) ? "THROTTLED" : "PENDING");
            case RUNNING -> n.put("status", "RUNNING").put("progress",
                    Math.round(t.sim.progress(now) * 100) / 100.0);
            case SUCCEEDED -> {
                n.put("status", "SUCCEEDED");
                Instant expires = now.plus(settings().urlLifetimeOr(DOCUMENTED_URL_LIFETIME));
                n.putArray("output").add(baseUrl() + "/runway-output/" + t.sim.id() + "/" + t.fileName + ".mp4?_jwt="
                        + signer.sign(t.sim.id(), expires));
                n.putObject("cost").put("credits", t.request.credits());
                return n;
            }
            case FAILED -> {
                String code = t.sim.failedOnPurpose() ? failureCode(t.sim) : "INTERNAL";
                n.put("status", "FAILED");
                n.put("failure", t.sim.failedOnPurpose() && t.sim.failureMessage() != null
                        && !t.sim.failureMessage().equals(SimTask.RENDER_FAILED)
                        ? t.sim.failureMessage() : failureText(code));
                n.put("failureCode", code);
                return n;
            }
        }
        if (options.estimatedCost()) {
            n.putObject("estimatedCost").put("credits", t.request.credits());
        }
        return n;
    }

    private static String failureCode(SimTask sim) {
        String code = sim.failureCode();
        return code == null || code.equals(FaultRules.CONTENT_FILTERED) ? DEFAULT_FAILURE_CODE : code;
    }

    /** A human sentence per failure family (Runway's own texts are not in the spec). */
    static String failureText(String code) {
        if (code.startsWith("SAFETY.INPUT")) {
            return "The input did not pass content moderation.";
        }
        if (code.startsWith("SAFETY.OUTPUT")) {
            return "The generated video did not pass content moderation.";
        }
        if (code.startsWith("INTERNAL.BAD_OUTPUT")) {
            return "The output was rejected for quality reasons. Trying again may help.";
        }
        if (code.startsWith("ASSET")) {
            return "An input asset is invalid.";
        }
        return "An internal error occurred.";
    }

    /** What each task costs in credits: charged on success; failures (see options) and cancellations are not. */
    @Override
    public List<Charge> charges() {
        Instant now = now();
        return tasks.values().stream().map(t -> new Charge(t.sim.id(), t.sim.credentialId(), t.request.model().name(),
                BigDecimal.valueOf(t.request.credits()), charged(t, now), "credits")).toList();
    }

    /** Credits charged for {@code t} as of {@code now}; null while it can still go either way. */
    BigDecimal charged(RunwayTask t, Instant now) {
        if (t.cancelled()) {
            return BigDecimal.ZERO;
        }
        return switch (t.sim.phase(now)) {
            case SUCCEEDED -> BigDecimal.valueOf(t.request.credits());
            case FAILED -> options.billSafetyInputFailures() && t.sim.failedOnPurpose()
                    && failureCode(t.sim).startsWith("SAFETY.INPUT") ? BigDecimal.valueOf(t.request.credits())
                    : BigDecimal.ZERO;
            default -> null;
        };
    }

    Map<String, RunwayModel> models() {
        return models;
    }

    List<RunwayTask> tasksOf(String key) {
        return tasks.values().stream().filter(t -> t.ownedBy(key)).toList();
    }

    int concurrencyPerModel() {
        return faults().concurrencyLimitOrZero() > 0 ? faults().concurrencyLimitOrZero() : options.concurrencyPerModel();
    }

    // --- download ----------------------------------------------------------------------------------------------

    private void download(SimExchange ex, String taskId) throws IOException {
        Instant now = now();
        RunwayTask t = tasks.get(taskId);
        Optional<UrlSigner.Grant> grant = signer.verify(ex.query().get("_jwt")).filter(g -> g.subject().equals(taskId));
        if (grant.isEmpty() || faults().downloadsExpired() || !now.isBefore(grant.get().expires())) {
            String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code>"
                    + "<Message>Access denied</Message></Error>";
            ex.respond(403, "application/xml", xml.getBytes(StandardCharsets.UTF_8));
        } else if (t == null || t.deleted() || t.sim.clip().isEmpty()) {
            ex.respondText(404, "Not Found");
        } else {
            ex.sendFile(t.sim.clip().get().file(), "video/mp4", faults().takeTruncatedDownload());
        }
        recordDownload(ex, now, taskId);
    }
}
