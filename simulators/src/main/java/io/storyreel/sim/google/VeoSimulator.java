package io.storyreel.sim.google;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storyreel.sim.render.ClipRenderer;
import io.storyreel.sim.render.ClipRenderer.ClipSpec;
import io.storyreel.sim.taskapi.AcceptedKeys;
import io.storyreel.sim.taskapi.CallJournal;
import io.storyreel.sim.taskapi.Charge;
import io.storyreel.sim.taskapi.FaultRules;
import io.storyreel.sim.taskapi.RateWindow;
import io.storyreel.sim.taskapi.SimExchange;
import io.storyreel.sim.taskapi.SimSettings;
import io.storyreel.sim.taskapi.SimTask;
import io.storyreel.sim.taskapi.TaskApiSimulator;
import io.storyreel.sim.taskapi.UrlSigner;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A faithful local Veo on the Gemini API (spec providers-next §3, checklist §6.3): {@code POST
 * /v1beta/models/{model}:predictLongRunning}, the long-running operation at {@code GET /v1beta/models/{model}/
 * operations/{id}} ({@code done} absent until it ends with {@code response.generateVideoResponse.generatedSamples},
 * with {@code raiMediaFilteredCount}/{@code raiMediaFilteredReasons} and no samples, or with {@code error}), the
 * download at {@code GET /v1beta/files/{id}:download?alt=media} (key required; by default a 302 to a keyless signed
 * storage URL), files deleted 2 days after they were made, the key in {@code x-goog-api-key} or {@code ?key=}, Google
 * error bodies, and a requests-per-minute quota per model. See the package documentation for the choices made.
 */
public final class VeoSimulator extends TaskApiSimulator {

    /** Key {@code storyreel simulate} accepts unless told otherwise. */
    public static final String DEFAULT_API_KEY = "AIzaSyStoryreelSimulator0123456789abcd";
    static final Duration DOCUMENTED_RETENTION = Duration.ofDays(2);
    static final Duration STORAGE_URL_LIFETIME = Duration.ofHours(1);
    static final String FILTERED_REASON = "The video could not be generated because it may violate Google's "
            + "Responsible AI practices. You have not been charged.";
    private static final Pattern CREATE = Pattern.compile("^/v1beta/models/([^/:]+):predictLongRunning$");
    private static final Pattern OPERATION = Pattern.compile("^/v1beta/(models/[^/:]+/operations/[a-z0-9]+)$");
    private static final Pattern MODEL = Pattern.compile("^/v1beta/models/([^/:]+)$");
    private static final Pattern DOWNLOAD = Pattern.compile("^/v1beta/files/([a-z0-9]+):download$");
    private static final Pattern STORAGE = Pattern.compile("^/veo-storage/([a-z0-9]+)\\.mp4$");
    private static final int MAX_BODY = 20 * 1024 * 1024;

    /** One operation and the files its samples became. */
    private record Operation(String name, String key, SimTask sim, VeoRequest request, List<String> fileIds) {
    }

    private final VeoOptions options;
    private final Map<String, VeoModel> models;
    private final AcceptedKeys keys = new AcceptedKeys();
    private final Map<String, Operation> operations = new ConcurrentHashMap<>();
    private final Map<String, Operation> byFile = new ConcurrentHashMap<>();
    private final RateWindow recentCreates = new RateWindow();
    private final UrlSigner signer = new UrlSigner();
    private final SecureRandom random = new SecureRandom();
    private final AtomicInteger serverErrorTurn = new AtomicInteger();

    private VeoSimulator(SimSettings settings, String apiKey, VeoOptions options, ClipRenderer renderer) {
        super("veo", settings, renderer);
        this.options = options;
        this.models = options.models().stream().collect(Collectors.toUnmodifiableMap(VeoModel::id,
                Function.identity()));
        addKey(apiKey);
    }

    public static VeoSimulator start(SimSettings settings) {
        return start(settings, DEFAULT_API_KEY, VeoOptions.defaults());
    }

    public static VeoSimulator start(SimSettings settings, String apiKey, VeoOptions options) {
        return start(settings, apiKey, options, ClipRenderer.inTempDir());
    }

    public static VeoSimulator start(SimSettings settings, String apiKey, VeoOptions options, ClipRenderer renderer) {
        AcceptedKeys.requireNonBlank(apiKey);
        return listening(new VeoSimulator(settings, apiKey, options, renderer));
    }

    public String apiKey() {
        return keys.first();
    }

    public VeoOptions options() {
        return options;
    }

    /** Accepts another key as a separate project (its own quota, operations and journal entries). */
    public VeoSimulator addKey(String apiKey) {
        keys.add(apiKey);
        return this;
    }

    @Override
    protected void forgetRateWindows() {
        recentCreates.clear();
    }

    // --- routing -----------------------------------------------------------------------------------------------

    @Override
    protected void handle(SimExchange ex) throws IOException {
        Matcher storage = STORAGE.matcher(ex.path());
        if (storage.matches() && ex.method().equals("GET")) {
            storage(ex, storage.group(1));
            return;
        }
        Instant now = now();
        String key = null;
        String taskId = null;
        boolean created = false;
        try {
            if (faults().takeServerError()) {
                boolean internal = serverErrorTurn.getAndIncrement() % 2 == 0;
                throw internal ? new VeoError(500, "INTERNAL", "An internal error has occurred. Please retry or "
                        + "report in https://developers.generativeai.google/guide/troubleshooting")
                        : new VeoError(503, "UNAVAILABLE", "The model is overloaded. Please try again later.");
            }
            key = authenticate(ex);
            Matcher create = CREATE.matcher(ex.path());
            Matcher operation = OPERATION.matcher(ex.path());
            Matcher download = DOWNLOAD.matcher(ex.path());
            if (create.matches() && ex.method().equals("POST")) {
                Operation op = create(ex, key, create.group(1), now);
                taskId = op.name();
                created = true;
                Optional<Duration> hold = faults().takeCreateHold();
                if (hold.isPresent()) {
                    ex.dropAfter(hold.get());
                    return;
                }
                ex.respondJson(200, operationJson(op, now));
            } else if (operation.matches() && ex.method().equals("GET")) {
                taskId = operation.group(1);
                Operation op = operations.get(taskId);
                if (op == null || !op.key().equals(key)) {
                    throw new VeoError(404, "NOT_FOUND", "Operation " + taskId + " not found.");
                }
                ex.respondJson(200, operationJson(op, now));
            } else if (download.matches() && ex.method().equals("GET")) {
                taskId = download(ex, download.group(1), now);
            } else if (ex.path().equals("/v1beta/models") && ex.method().equals("GET")) {
                ObjectNode list = SimExchange.JSON.createObjectNode();
                models.values().forEach(m -> list.withArray("models").add(modelJson(m)));
                ex.respondJson(200, list);
            } else if (MODEL.matcher(ex.path()).matches() && ex.method().equals("GET")) {
                Matcher m = MODEL.matcher(ex.path());
                m.matches();
                VeoModel model = models.get(m.group(1));
                if (model == null) {
                    throw new VeoError(404, "NOT_FOUND", "models/" + m.group(1) + " is not found for API version "
                            + "v1beta.");
                }
                ex.respondJson(200, modelJson(model));
            } else {
                throw new VeoError(404, "NOT_FOUND", "The requested URL " + ex.path() + " was not found.");
            }
        } catch (VeoError e) {
            ex.respondJson(e.httpStatus, e.body);
        } finally {
            journal().record(new CallJournal.Call(now, ex.method(), ex.path(), key, null, taskId,
                    ex.responded() ? ex.status() : -1, 0, created));
        }
    }

    private String authenticate(SimExchange ex) throws VeoError {
        String given = ex.header("x-goog-api-key");
        if (given == null) {
            given = ex.query().get("key");
        }
        if (given == null || given.isBlank()) {
            throw new VeoError(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers without "
                    + "established identity). Please use API Key or other form of API consumer identity to call this "
                    + "API.");
        }
        if (keys.match(given).isEmpty() || faults().takeAuthRejection().isPresent()) {
            VeoError e = options.badKeyStatus() == 403
                    ? new VeoError(403, "PERMISSION_DENIED", "API key not valid. Please pass a valid API key.")
                    : VeoError.invalid("API key not valid. Please pass a valid API key.");
            e.detail("google.rpc.ErrorInfo").put("reason", "API_KEY_INVALID").put("domain", "googleapis.com")
                    .putObject("metadata").put("service", "generativelanguage.googleapis.com");
            throw e;
        }
        return given;
    }

    // --- create ------------------------------------------------------------------------------------------------

    private Operation create(SimExchange ex, String key, String modelId, Instant now) throws VeoError, IOException {
        VeoModel model = models.get(modelId);
        if (model == null) {
            throw new VeoError(404, "NOT_FOUND", "models/" + modelId + " is not found for API version v1beta, or is "
                    + "not supported for predictLongRunning. Call ListModels to see the list of available models and "
                    + "their supported methods.");
        }
        Optional<Duration> retryAfter = faults().takeRateLimit();
        if (retryAfter.isPresent()) {
            throw quotaExceeded(ex, retryAfter.get());
        }
        if (ex.body().length > MAX_BODY) {
            throw VeoError.invalid("Request payload size exceeds the limit: " + MAX_BODY + " bytes.");
        }
        VeoRequest req = VeoRequest.read(ex.jsonOrNull(), model, options);
        if (faults().balanceInsufficient()) {
            throw new VeoError(403, "PERMISSION_DENIED", "Veo needs a paid tier: this project has no billing "
                    + "account or no credit left.");
        }
        String quota = key + "|" + modelId;
        synchronized (recentCreates) {
            Optional<Duration> wait = recentCreates.waitFor(quota, now,
                    faults().createsPerMinuteOr(model.requestsPerMinute()));
            if (wait.isPresent()) {
                throw quotaExceeded(ex, wait.get());
            }
            recentCreates.record(quota, now);
        }
        String id = randomId(12);
        int[] size = req.size();
        double seconds = settings().clipSeconds() > 0 ? settings().clipSeconds() : req.seconds();
        ClipSpec spec = ClipSpec.exact(size[0], size[1], 24, seconds, model.audio());
        byte[] start = req.start() != null ? req.start().bytes() : VeoPlaceholder.jpeg(req.prompt());
        Duration delay = faults().takeHold().map(FaultRules.Held::delay).orElse(Duration.ZERO);
        SimTask sim = newTask(id, key, start, req.end() == null ? null : req.end().bytes(), spec,
                new FaultRules.TaskFailure("Video generation failed due to an internal error.", "13"),
                at -> delay);
        List<String> files = new java.util.ArrayList<>();
        for (int i = 0; i < req.samples(); i++) {
            files.add(randomId(12));
        }
        Operation op = new Operation("models/" + modelId + "/operations/" + id, key, sim, req, List.copyOf(files));
        operations.put(op.name(), op);
        files.forEach(f -> byFile.put(f, op));
        return op;
    }

    /** models.get / models.list: what a key may call, free of charge (the Gemini API's usual shape). */
    private static ObjectNode modelJson(VeoModel m) {
        ObjectNode n = SimExchange.JSON.createObjectNode();
        n.put("name", "models/" + m.id()).put("displayName", m.id());
        n.putArray("supportedGenerationMethods").add("predictLongRunning");
        return n;
    }

    private static VeoError quotaExceeded(SimExchange ex, Duration wait) {
        ex.setHeader("Retry-After", retryAfterSeconds(wait));
        VeoError e = new VeoError(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota, please check your "
                + "plan and billing details. For more information on this error, head to: "
                + "https://ai.google.dev/gemini-api/docs/rate-limits.");
        e.detail("google.rpc.RetryInfo").put("retryDelay", retryAfterSeconds(wait) + "s");
        return e;
    }

    // --- operations --------------------------------------------------------------------------------------------

    private ObjectNode operationJson(Operation op, Instant now) throws IOException {
        ObjectNode n = SimExchange.JSON.createObjectNode();
        n.put("name", op.name());
        SimTask sim = op.sim();
        if (!sim.finished(now)) {
            if (options.doneFalseWhileRunning()) {
                n.put("done", false);
            }
            return n;
        }
        n.put("done", true);
        if (sim.phase(now) == SimTask.Phase.FAILED && !(sim.failedOnPurpose() && filtered(sim))) {
            String code = sim.failureCode();
            n.putObject("error").put("code", code != null && code.matches("\\d+") ? Integer.parseInt(code) : 13)
                    .put("message", sim.failureMessage());
            return n;
        }
        ObjectNode response = n.putObject("response");
        response.put("@type", "type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse");
        ObjectNode videos = response.putObject("generateVideoResponse");
        if (sim.phase(now) == SimTask.Phase.FAILED) {
            videos.put("raiMediaFilteredCount", op.request().samples());
            ArrayNode reasons = videos.putArray("raiMediaFilteredReasons");
            String given = sim.failureMessage();
            reasons.add(given == null || given.equals(SimTask.RENDER_FAILED) ? FILTERED_REASON : given);
            return n;
        }
        ArrayNode samples = videos.putArray("generatedSamples");
        for (String file : op.fileIds()) {
            ObjectNode video = samples.addObject().putObject("video");
            if (options.inlineVideo()) {
                video.put("encodedVideo", Base64.getEncoder().encodeToString(
                        Files.readAllBytes(sim.clip().orElseThrow().file())));
                video.put("encoding", "video/mp4");
            } else {
                video.put("uri", baseUrl() + "/v1beta/files/" + file + ":download?alt=media");
            }
        }
        return n;
    }

    private static boolean filtered(SimTask sim) {
        return FaultRules.CONTENT_FILTERED.equals(sim.failureCode());
    }

    // --- downloads ---------------------------------------------------------------------------------------------

    /** The key-protected download; returns the operation's name for the journal. */
    private String download(SimExchange ex, String fileId, Instant now) throws VeoError, IOException {
        Operation op = byFile.get(fileId);
        if (op == null || !op.key().equals(ex.header("x-goog-api-key") != null ? ex.header("x-goog-api-key")
                : ex.query().get("key")) || gone(op, now)) {
            throw new VeoError(404, "NOT_FOUND", "File " + fileId + " not found.");
        }
        if (options.redirectDownloads()) {
            ex.setHeader("Location", baseUrl() + "/veo-storage/" + fileId + ".mp4?sig="
                    + signer.sign(fileId, now.plus(STORAGE_URL_LIFETIME)));
            ex.respond(302, "text/html; charset=UTF-8", new byte[0]);
        } else {
            ex.sendFile(op.sim().clip().orElseThrow().file(), "video/mp4", faults().takeTruncatedDownload());
        }
        return op.name();
    }

    /** The keyless signed storage URL a download redirects to; a key sent here is journaled (it should not be). */
    private void storage(SimExchange ex, String fileId) throws IOException {
        Instant now = now();
        Operation op = byFile.get(fileId);
        boolean valid = signer.verify(ex.query().get("sig"))
                .filter(g -> g.subject().equals(fileId) && now.isBefore(g.expires())).isPresent();
        if (!valid) {
            ex.respond(403, "application/xml; charset=UTF-8", ("<?xml version='1.0' encoding='UTF-8'?><Error><Code>"
                    + "AccessDenied</Code><Message>Access denied.</Message></Error>").getBytes(StandardCharsets.UTF_8));
        } else if (op == null || gone(op, now)) {
            ex.respond(404, "application/xml; charset=UTF-8", ("<?xml version='1.0' encoding='UTF-8'?><Error><Code>"
                    + "NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>")
                    .getBytes(StandardCharsets.UTF_8));
        } else {
            ex.sendFile(op.sim().clip().orElseThrow().file(), "video/mp4", faults().takeTruncatedDownload());
        }
        journal().record(new CallJournal.Call(now, ex.method(), ex.path(), ex.header("x-goog-api-key"), null,
                op == null ? null : op.name(), ex.responded() ? ex.status() : -1, 0, false));
    }

    /** A file is gone once its retention has passed, or when the fault says so, or if it never succeeded. */
    private boolean gone(Operation op, Instant now) {
        return faults().downloadsExpired() || op.sim().phase(now) != SimTask.Phase.SUCCEEDED
                || !now.isBefore(op.sim().updatedAt(now).plus(settings().urlLifetimeOr(DOCUMENTED_RETENTION)));
    }

    /** What each operation costs in USD (per-second price × seconds × samples): charged when videos came back. */
    @Override
    public List<Charge> charges() {
        Instant now = now();
        return operations.values().stream().map(op -> {
            BigDecimal price = op.request().price();
            BigDecimal charged = !op.sim().finished(now) ? null
                    : op.sim().phase(now) == SimTask.Phase.SUCCEEDED ? price : BigDecimal.ZERO;
            return new Charge(op.name(), op.key(), op.request().model().id(), price, charged, "USD");
        }).toList();
    }

    private String randomId(int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
