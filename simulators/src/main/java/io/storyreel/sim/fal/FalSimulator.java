package io.storyreel.sim.fal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storyreel.sim.render.ClipRenderer;
import io.storyreel.sim.render.ClipRenderer.ClipSpec;
import io.storyreel.sim.taskapi.AcceptedKeys;
import io.storyreel.sim.taskapi.CallJournal;
import io.storyreel.sim.taskapi.Callbacks;
import io.storyreel.sim.taskapi.Charge;
import io.storyreel.sim.taskapi.ConcurrencySlots;
import io.storyreel.sim.taskapi.FaultRules;
import io.storyreel.sim.taskapi.SimExchange;
import io.storyreel.sim.taskapi.SimSettings;
import io.storyreel.sim.taskapi.SimTask;
import io.storyreel.sim.taskapi.TaskApiSimulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A faithful local fal.ai queue (spec providers-next §2, checklist §6.2) with the model endpoints of §2.9: submit
 * {@code POST /{endpoint_id}[?fal_webhook=]} with {@code Authorization: Key …}; {@code GET …/requests/{id}/status
 * [?logs=1]} ({@code IN_QUEUE} with {@code queue_position}, {@code IN_PROGRESS}, {@code COMPLETED}); {@code GET
 * …/requests/{id}} (the model's output, or its error); {@code PUT …/requests/{id}/cancel}; follow-up URLs built from
 * the app id ({@code owner/alias}) and returned at submit; webhooks on completion signed with Ed25519 and the JWKS at
 * {@code GET /.well-known/jwks.json}; output files at {@code /files/…/output.mp4} that expire. See the package
 * documentation for every choice where the spec is unsure.
 */
public final class FalSimulator extends TaskApiSimulator {

    private static final Logger LOG = LoggerFactory.getLogger(FalSimulator.class);

    /** Key {@code storyreel simulate} accepts unless told otherwise ({@code <id>:<secret>}). */
    public static final String DEFAULT_KEY = "sim-fal-key-0a1b2c3d:5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b";
    static final Duration DEFAULT_OUTPUT_LIFETIME = Duration.ofDays(7);
    static final String LOCKED = "User is locked. Reason: Exhausted balance. Top up your balance at "
            + "fal.ai/dashboard/billing.";
    private static final Pattern REQUEST_PATH = Pattern.compile("^/(.+)/requests/([^/]+)(/status|/status/stream|/cancel)?$");
    private static final Pattern FILE_PATH = Pattern.compile("^/files/([0-9a-f]{32})/output\\.mp4$");
    private static final String[] SERVER_ERRORS = {"runner_scheduling_failure", "request_timeout",
            "runner_disconnected"};
    private static final List<Duration> WEBHOOK_BACKOFF = List.of(Duration.ofSeconds(15), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4), Duration.ofMinutes(8),
            Duration.ofMinutes(15), Duration.ofMinutes(20), Duration.ofMinutes(30), Duration.ofMinutes(40));

    private final FalOptions options;
    private final Map<String, FalModel> models;
    private final AcceptedKeys keys = new AcceptedKeys();
    private final Map<String, FalRequest> requests = new ConcurrentHashMap<>();
    private final ConcurrencySlots slots;
    private final FalWebhookSigner signer = new FalWebhookSigner();
    private final SecureRandom random = new SecureRandom();
    private final AtomicInteger serverErrorTurn = new AtomicInteger();

    private FalSimulator(SimSettings settings, String key, FalOptions options, ClipRenderer renderer) {
        super("fal", settings, renderer);
        this.options = options;
        this.models = FalModel.byEndpoint(FalModel.catalogue(options.hailuoEndImageAt512()));
        this.slots = new ConcurrencySlots(() -> faults().concurrencyLimitOrZero() > 0
                ? faults().concurrencyLimitOrZero() : options.concurrency());
        addKey(key);
    }

    public static FalSimulator start(SimSettings settings) {
        return start(settings, DEFAULT_KEY, FalOptions.defaults());
    }

    public static FalSimulator start(SimSettings settings, String key, FalOptions options) {
        return start(settings, key, options, ClipRenderer.inTempDir());
    }

    public static FalSimulator start(SimSettings settings, String key, FalOptions options, ClipRenderer renderer) {
        AcceptedKeys.requireNonBlank(key);
        return listening(new FalSimulator(settings, key, options, renderer));
    }

    /** The first key accepted. */
    public String key() {
        return keys.first();
    }

    public FalOptions options() {
        return options;
    }

    /** Where the webhook signing key is published. */
    public String jwksUrl() {
        return baseUrl() + "/.well-known/jwks.json";
    }

    /** The endpoint ids served. */
    public Set<String> endpoints() {
        return models.keySet();
    }

    /** Accepts another key as a separate account (its own concurrency and journal entries). */
    public FalSimulator addKey(String key) {
        keys.add(key);
        return this;
    }

    // --- routing -----------------------------------------------------------------------------------------------

    @Override
    protected void handle(SimExchange ex) throws IOException {
        String path = ex.path();
        if (path.equals("/.well-known/jwks.json") && ex.method().equals("GET")) {
            ex.respondJson(200, signer.jwks());
            return;
        }
        Matcher file = FILE_PATH.matcher(path);
        if (file.matches() && ex.method().equals("GET")) {
            download(ex, file.group(1));
            return;
        }
        Instant now = now();
        String key = null;
        String requestId = null;
        boolean created = false;
        ex.setHeader("x-fal-request-id", UUID.randomUUID().toString());
        try {
            if (faults().takeServerError()) {
                String type = SERVER_ERRORS[Math.floorMod(serverErrorTurn.getAndIncrement(), SERVER_ERRORS.length)];
                throw FalError.infrastructure(type, type.equals("request_timeout") ? "Request timed out"
                        : "Runner is not available: " + type.replace('_', ' '));
            }
            key = authenticate(ex.header("Authorization"));
            Matcher m = REQUEST_PATH.matcher(path);
            if (m.matches()) {
                requestId = m.group(2);
                ex.setHeader("x-fal-request-id", requestId);
                String suffix = m.group(3) == null ? "" : m.group(3);
                FalRequest r = find(key, m.group(1), requestId, suffix.equals("/cancel"));
                switch (suffix + " " + ex.method()) {
                    case "/status GET" -> status(ex, r, now, "1".equals(ex.query().get("logs")));
                    case " GET" -> result(ex, r, now);
                    case "/cancel PUT" -> cancel(ex, r, now);
                    default -> throw FalError.detail(suffix.equals("/status/stream") ? 404 : 405,
                            suffix.equals("/status/stream") ? "Not Found" : "Method Not Allowed");
                }
            } else if (ex.method().equals("POST") && models.containsKey(path.substring(1))) {
                FalRequest r = submit(ex, key, models.get(path.substring(1)), now);
                requestId = r.id();
                created = true;
                ex.setHeader("x-fal-request-id", requestId);
                Optional<Duration> hold = faults().takeCreateHold();
                if (hold.isPresent()) {
                    ex.dropAfter(hold.get());
                    return;
                }
                ObjectNode body = urls(r);
                body.put("status", "IN_QUEUE");
                body.put("gateway_request_id", r.id());
                body.put("queue_position", queuePosition(r, now));
                ex.respondJson(200, body);
            } else {
                throw FalError.detail(404, "Application not found: " + path.substring(1));
            }
        } catch (FalError e) {
            e.headers.forEach(ex::setHeader);
            ex.respondJson(e.httpStatus, e.body);
        } finally {
            journal().record(new CallJournal.Call(now, ex.method(), path, key, null, requestId,
                    ex.responded() ? ex.status() : -1, 0, created));
        }
    }

    private String authenticate(String authorization) throws FalError {
        if (authorization == null || authorization.isBlank()) {
            throw FalError.detail(401, "No authorization header provided.");
        }
        Optional<String> key = keys.match(authorization.startsWith("Key ") ? authorization.substring(4).trim() : null);
        if (key.isEmpty() || faults().takeAuthRejection().isPresent()) {
            throw FalError.detail(401, "Authorization token is invalid.");
        }
        return key.get();
    }

    // --- submit ------------------------------------------------------------------------------------------------

    private FalRequest submit(SimExchange ex, String key, FalModel model, Instant now) throws FalError, IOException {
        Optional<Duration> retryAfter = faults().takeRateLimit();
        if (retryAfter.isPresent()) {
            ex.setHeader("Retry-After", retryAfterSeconds(retryAfter.get()));
            throw FalError.detail(429, "Too many requests. Please slow down.");
        }
        if (faults().balanceInsufficient()) {
            throw FalError.detail(403, LOCKED);
        }
        FalInput input = null;
        FalError invalid = null;
        try {
            input = FalInput.read(model, ex.jsonOrNull(), options, fetcher());
        } catch (FalError e) {
            if (options.validateAtSubmit()) {
                throw e;
            }
            invalid = e;
        }
        String id = UUID.randomUUID().toString();
        FaultRules.Held held = faults().takeHold().orElse(new FaultRules.Held(Duration.ZERO, 0));
        SimTask.Hold hold = slots.add(id, key, now, now.plus(held.delay()),
                settings().queueTime().plus(processingTime()));
        SimTask sim = input == null
                ? newFailingTask(id, key, new FaultRules.TaskFailure("invalid input", "validation"), hold)
                : newTask(id, key, input.start().bytes(), input.end() == null ? null : input.end().bytes(),
                clipSpec(input.clip()), new FaultRules.TaskFailure(null, null), hold);
        byte[] token = new byte[16];
        random.nextBytes(token);
        long seed = input != null && input.values().containsKey("seed") && input.values().get("seed").asLong() >= 0
                ? input.values().get("seed").asLong() : Math.floorMod(random.nextLong(), 4_294_967_296L);
        FalRequest r = new FalRequest(id, model, key, sim, input, invalid, held.delay(), held.ahead(),
                lifetime(ex.header("X-Fal-Object-Lifecycle-Preference")), HexFormat.of().formatHex(token), seed,
                new FalRequest.Cancel());
        requests.put(id, r);
        String webhook = ex.query().get("fal_webhook");
        if (webhook != null && !webhook.isBlank()) {
            callbacks().deliverOnce(id, at -> webhookDelivery(r, webhook, at), new Callbacks.Retry(
                    options.webhookRetries(), WEBHOOK_BACKOFF, options.webhookTimeout(), options.duplicateWebhooks()));
        }
        return r;
    }

    private ClipSpec clipSpec(FalModel.Clip clip) {
        double seconds = settings().clipSeconds() > 0 ? settings().clipSeconds() : clip.seconds();
        if (clip.aspect() == null) {
            return new ClipSpec(clip.shortSide(), clip.fps(), seconds, clip.audio());
        }
        String[] wh = clip.aspect().split(":");
        int[] size = ClipRenderer.outputSize(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]), clip.shortSide());
        return ClipSpec.exact(size[0], size[1], clip.fps(), seconds, clip.audio());
    }

    private Duration lifetime(String preference) {
        if (preference != null) {
            try {
                JsonNode p = SimExchange.JSON.readTree(preference);
                if (p.path("expiration_duration_seconds").canConvertToLong()) {
                    return Duration.ofSeconds(p.get("expiration_duration_seconds").asLong());
                }
            } catch (IOException ignored) {
                // an unreadable preference leaves the default
            }
        }
        return settings().urlLifetimeOr(DEFAULT_OUTPUT_LIFETIME);
    }

    private Optional<Callbacks.Delivery> webhookDelivery(FalRequest r, String url, Instant now) {
        return r.result(now, fileUrl(r)).map(result -> {
            ObjectNode body = SimExchange.JSON.createObjectNode();
            body.put("request_id", r.id());
            body.put("gateway_request_id", r.id());
            body.put("status", result.ok() ? "OK" : "ERROR");
            body.set("payload", result.body());
            if (result.ok()) {
                body.putNull("error");
            } else {
                body.put("error", "Invalid status code: " + result.status());
            }
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            return new Callbacks.Delivery(url, bytes, signer.headers(r.id(), options.userId(), now.getEpochSecond(),
                    bytes));
        });
    }

    // --- status, result, cancel --------------------------------------------------------------------------------

    private FalRequest find(String key, String prefix, String id, boolean forCancel) throws FalError {
        FalRequest r = requests.get(id);
        boolean fullPath = r != null && prefix.equals(r.model().endpointId()) && !prefix.equals(r.model().appId());
        if (fullPath && options.acceptFullPath()) {
            LOG.warn("fal simulator: {} was addressed on its full endpoint path {}; fal's follow-up URLs use the "
                    + "app id {} only", id, prefix, r.model().appId());
        }
        if (r == null || !r.key().equals(key) || !(prefix.equals(r.model().appId())
                || (fullPath && options.acceptFullPath()))) {
            throw forCancel ? new FalError(404, SimExchange.JSON.createObjectNode().put("status", "NOT_FOUND"),
                    Map.of()) : FalError.detail(404, "Request not found");
        }
        return r;
    }

    private void status(SimExchange ex, FalRequest r, Instant now, boolean logs) throws IOException {
        String status = r.status(now);
        ObjectNode body = urls(r);
        body.put("status", status);
        switch (status) {
            case "IN_QUEUE" -> body.put("queue_position", queuePosition(r, now));
            case "IN_PROGRESS" -> {
                if (logs) {
                    body.putArray("logs").add(log("Generating video", r.sim().runningAt(now)));
                }
            }
            default -> {
                if (logs) {
                    body.putArray("logs").add(log("Generating video", r.sim().runningAt(now)))
                            .add(log("Done", r.sim().updatedAt(now)));
                }
                FalRequest.Result result = r.result(now, fileUrl(r)).orElseThrow();
                body.putObject("metrics").put("inference_time", r.cancelledBy(now) ? null
                        : Duration.between(r.sim().runningAt(now), r.sim().updatedAt(now)).toMillis() / 1000.0);
                if (!result.ok() && options.errorOnCompletedStatus()) {
                    JsonNode detail = result.body().path("detail");
                    body.put("error", detail.isTextual() ? detail.asText() : detail.path(0).path("msg").asText());
                    body.put("error_type", result.body().has("error_type") ? result.body().get("error_type").asText()
                            : detail.path(0).path("type").asText());
                }
            }
        }
        ex.respondJson(status.equals("COMPLETED") ? 200 : options.pendingStatusHttp(), body);
    }

    private void result(SimExchange ex, FalRequest r, Instant now) throws FalError, IOException {
        FalRequest.Result result = r.result(now, fileUrl(r))
                .orElseThrow(() -> FalError.detail(400, "Request is still in progress"));
        result.headers().forEach(ex::setHeader);
        ex.respondJson(result.status(), result.body());
    }

    private void cancel(SimExchange ex, FalRequest r, Instant now) throws FalError, IOException {
        String status = r.status(now);
        if (status.equals("COMPLETED")) {
            throw new FalError(options.alreadyCompletedHttp(), SimExchange.JSON.createObjectNode()
                    .put("status", "ALREADY_COMPLETED"), Map.of());
        }
        if (status.equals("IN_QUEUE") || options.runningCancelStops()) {
            r.cancel().request(now);
            slots.cancel(r.id(), now);
        }
        ex.respondJson(202, SimExchange.JSON.createObjectNode().put("status", "CANCELLATION_REQUESTED"));
    }

    private int queuePosition(FalRequest r, Instant now) {
        return r.heldAhead(now) + slots.waitingAhead(r.id(), now);
    }

    private ObjectNode urls(FalRequest r) {
        String base = baseUrl() + "/" + r.model().appId() + "/requests/" + r.id();
        ObjectNode n = SimExchange.JSON.createObjectNode();
        n.put("request_id", r.id());
        n.put("response_url", base);
        n.put("status_url", base + "/status");
        n.put("cancel_url", base + "/cancel");
        return n;
    }

    private static ObjectNode log(String message, Instant at) {
        return SimExchange.JSON.createObjectNode().put("message", message).put("level", "INFO")
                .put("source", "USER").put("timestamp", at.toString());
    }

    // --- files and costs ---------------------------------------------------------------------------------------

    private String fileUrl(FalRequest r) {
        return baseUrl() + "/files/" + r.fileToken() + "/output.mp4";
    }

    private void download(SimExchange ex, String token) throws IOException {
        Instant now = now();
        Optional<FalRequest> r = requests.values().stream().filter(q -> q.fileToken().equals(token)).findFirst();
        boolean live = r.isPresent() && r.get().result(now, "").map(FalRequest.Result::ok).orElse(false)
                && now.isBefore(r.get().sim().updatedAt(now).plus(r.get().lifetime()))
                && !faults().downloadsExpired();
        if (!live) {
            ex.respondJson(404, SimExchange.JSON.createObjectNode().put("detail", "File not found"));
        } else {
            ex.sendFile(r.get().sim().clip().orElseThrow().file(), "video/mp4", faults().takeTruncatedDownload());
        }
        recordDownload(ex, now, r.map(FalRequest::id).orElse(null));
    }

    /** What each request costs in USD where the spec gives a price: charged on success only. */
    @Override
    public List<Charge> charges() {
        Instant now = now();
        return requests.values().stream().map(r -> {
            BigDecimal price = r.input() == null ? null : r.input().price();
            Optional<FalRequest.Result> result = r.result(now, "");
            BigDecimal charged = result.isEmpty() ? null : result.get().ok() ? price : BigDecimal.ZERO;
            return new Charge(r.id(), r.key(), r.model().endpointId(), price, charged, "USD");
        }).toList();
    }
}
