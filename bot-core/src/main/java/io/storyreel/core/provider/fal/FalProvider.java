package io.storyreel.core.provider.fal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storyreel.core.logging.SecretRegistry;
import io.storyreel.core.provider.Backoff;
import io.storyreel.core.provider.CredentialField;
import io.storyreel.core.provider.Credentials;
import io.storyreel.core.provider.ErrorKind;
import io.storyreel.core.provider.GenerationRequest;
import io.storyreel.core.provider.ModelSpec;
import io.storyreel.core.provider.Problem;
import io.storyreel.core.provider.ProviderContext;
import io.storyreel.core.provider.ProviderException;
import io.storyreel.core.provider.ProviderQueue;
import io.storyreel.core.provider.ProviderTaskRef;
import io.storyreel.core.provider.RequestValidator;
import io.storyreel.core.provider.TaskState;
import io.storyreel.core.provider.TaskStatus;
import io.storyreel.core.provider.fal.internal.FalInput;
import io.storyreel.core.provider.http.HttpVideoProvider;
import io.storyreel.core.provider.http.JsonReply;
import io.storyreel.core.provider.http.SendFailure;
import io.storyreel.core.provider.limits.AccountId;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * fal.ai's queue (spec providers-next §2): one key ({@code Authorization: Key …}) for many image-to-video models, each
 * a model of this provider in {@code providers/fal.yml} with its endpoint and field names ({@link FalInput}). A
 * submit returns the request's status, response and cancel URLs, which are kept as the task id
 * ({@link FalRequestRef}) and used as given; status answers {@code IN_QUEUE} with the queue position,
 * {@code IN_PROGRESS}, or {@code COMPLETED} (success or failure: the result says which). fal has no idempotency key and
 * no way to look a request up, so a submit whose answer was lost is AMBIGUOUS_SUBMIT, never sent again; a submit is
 * resent only after a 429 or a 502/503/504, which fal neither queues nor bills. With a public callback URL, fal is
 * asked to POST a signed webhook on completion ({@link FalWebhookReader}).
 */
public final class FalProvider extends HttpVideoProvider {
    public static final String ID = "fal";
    public static final String API_KEY = "apiKey";

    private static final Logger log = LoggerFactory.getLogger(FalProvider.class);
    private static final Pattern KEY_FORMAT = Pattern.compile("[\\x21-\\x7e]{16,512}");
    /** Refusals at the door that fal neither queued nor bills, and that a pause may cure (the SDK's own set). */
    private static final Set<Integer> SUBMIT_RETRYABLE = Set.of(429, 502, 503, 504);

    static final List<CredentialField> CREDENTIALS = List.of(new CredentialField(API_KEY, "API key"));

    private final Map<String, FalInput> inputs = new LinkedHashMap<>();

    /** The context's callback URL, when set, is where fal should POST each request's completion webhook. */
    public FalProvider(ProviderContext context) {
        // the key is set per request; result files are public CDN links fetched without it
        super(context, (b, mapper) -> b);
        for (ModelSpec m : capabilities.models()) {
            inputs.put(m.id(), FalInput.of(m));
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<CredentialField> credentials() {
        return CREDENTIALS;
    }

    // ---------------------------------------------------------------- submit

    @Override
    protected String imageField() {
        return "image_url";
    }

    @Override
    protected ProviderTaskRef create(Credentials credentials, RequestValidator.Resolved r, GenerationRequest request,
                                     String idempotencyKey) {
        String key = apiKey(credentials);
        FalInput input = inputs.get(r.model().id());
        ObjectNode body = body(r, request);
        HttpUrl.Builder submit = baseUrl.resolve(input.endpoint()).newBuilder();
        if (callbackUrl != null) {
            submit.addQueryParameter("fal_webhook", HttpUrl.get(callbackUrl).newBuilder()
                    .addQueryParameter("app", input.appId()).build().toString());
        }
        Backoff backoff = retrier.backoff();
        String account = AccountId.of(key);
        for (int attempt = 1; ; attempt++) {
            rate.acquire(account, retrier::pause, FalErrors.NAME);
            Request post = authed(new Request.Builder().url(submit.build()), key).post(api.oneShotJson(body)).build();
            JsonReply reply;
            try {
                reply = api.execute(post);
            } catch (SendFailure f) {
                if (f.maybeSent()) {
                    throw ambiguous(f);
                }
                if (attempt >= backoff.maxAttempts()) {
                    throw transientFailure(f);
                }
                retrier.pause(backoff.delayAfter(attempt, null));
                continue;
            }
            if (reply.status() / 100 == 2) {
                String requestId = reply.hasJson() ? reply.json().path("request_id").asText("") : "";
                if (!FalRequestRef.REQUEST_ID.matcher(requestId).matches()) {
                    throw ambiguous(null); // accepted, but which request is ours cannot be told
                }
                return new ProviderTaskRef(ID, followed(reply.json(), input, requestId).taskId(baseUrl), null);
            }
            ProviderException e = FalErrors.from(reply, clock);
            if (reply.status() >= 500 && !SUBMIT_RETRYABLE.contains(reply.status())) {
                throw ambiguous(null); // a 500 proves nothing about the queue
            }
            if (!SUBMIT_RETRYABLE.contains(reply.status()) || attempt >= backoff.maxAttempts()) {
                throw e;
            }
            retrier.pause(backoff.delayAfter(attempt, e.retryAfter().orElse(null)));
        }
    }

    /** The input JSON of this model (package-visible for the request snapshots). */
    ObjectNode body(RequestValidator.Resolved r, GenerationRequest request) {
        FalInput input = inputs.get(r.model().id());
        return withParameters(input.body(mapper, request.prompt(), request.negativePrompt(),
                dataUri(request.image(), request.imageMime()),
                request.endImage() == null ? null : dataUri(request.endImage(), request.endImageMime()),
                r.durationSeconds(), r.resolution(), r.combination().audio(),
                request.shape() == null ? null : request.shape().pick(input.aspectRatios()).orElse(null)), r, request);
    }

    /**
     * The URLs fal returned, as given, when they are on the queue's own host (the key goes with every call to them);
     * the JS client's derivation from the app id when one is missing or points elsewhere.
     */
    private FalRequestRef followed(JsonNode submitted, FalInput input, String requestId) {
        FalRequestRef derived = FalRequestRef.derived(baseUrl, input.appId(), requestId);
        HttpUrl status = sameHost(submitted.path("status_url").asText(""));
        HttpUrl response = sameHost(submitted.path("response_url").asText(""));
        HttpUrl cancel = sameHost(submitted.path("cancel_url").asText(""));
        if (status == null || response == null || cancel == null) {
            if (submitted.hasNonNull("status_url") || submitted.hasNonNull("response_url")) {
                log.warn("fal.ai returned follow-up URLs off its queue host for request {}; using {}", requestId,
                        derived.responseUrl());
            }
            return derived;
        }
        return new FalRequestRef(requestId, status, response, cancel);
    }

    private HttpUrl sameHost(String url) {
        HttpUrl u = HttpUrl.parse(url);
        return u != null && u.scheme().equals(baseUrl.scheme()) && u.host().equals(baseUrl.host())
                && u.port() == baseUrl.port() ? u : null;
    }

    /** fal has neither an idempotency key nor a way to list requests: a lost submit cannot be looked up. */
    @Override
    public ProviderTaskRef findByIdempotencyKey(Credentials credentials, String idempotencyKey) {
        throw FalErrors.problem(Problem.OUTCOME_UNKNOWN).raw("fal:no_idempotency")
                .message("fal.ai cannot be asked whether an unanswered request started a clip, so it is not sent "
                        + "again automatically. Check your requests on fal.ai/dashboard before retrying, to avoid "
                        + "paying twice.").build();
    }

    // ---------------------------------------------------------------- poll

    @Override
    public TaskState poll(Credentials credentials, ProviderTaskRef task) {
        String key = apiKey(credentials);
        FalRequestRef ref = ref(task);
        JsonReply status = retrier.call(() -> status(key, ref));
        if (status.status() == 404) {
            return new TaskState(TaskStatus.EXPIRED, "not_found", -1, null, -1, FalErrors.from(status, clock));
        }
        if (status.status() / 100 != 2) {
            throw FalErrors.from(status, clock);
        }
        String raw = status.hasJson() ? status.json().path("status").asText("") : "";
        return switch (raw) {
            case "IN_QUEUE" -> new TaskState(TaskStatus.QUEUED, raw, -1, null, -1, null)
                    .waiting(ProviderQueue.at(status.json().path("queue_position").asInt(-1)));
            case "IN_PROGRESS" -> new TaskState(TaskStatus.RUNNING, raw, -1, null, -1, null);
            case "COMPLETED" -> FalResult.read(retrier.call(() -> result(key, ref)), raw, clock);
            default -> new TaskState(TaskStatus.RUNNING, raw, -1, null, -1, null); // unknown word: keep polling
        };
    }

    /** {@code GET status_url}; 429 and 5xx are fal's passing trouble (retried). */
    private JsonReply status(String key, FalRequestRef ref) {
        JsonReply reply = get(key, ref.statusUrl());
        if (reply.status() == 429 || reply.status() >= 500) {
            throw FalErrors.from(reply, clock);
        }
        return reply;
    }

    /**
     * {@code GET response_url} after COMPLETED. A 429 or a 5xx without a fal error type is passing trouble (retried);
     * a 5xx with one ({@code runner_scheduling_failure}, …) is the request's own outcome; 401/403 are the key's.
     */
    private JsonReply result(String key, FalRequestRef ref) {
        JsonReply reply = get(key, ref.responseUrl());
        int code = reply.status();
        if (code == 429 || code == 401 || code == 403 || (code >= 500 && FalErrors.errorType(reply) == null)) {
            throw FalErrors.from(reply, clock);
        }
        return reply;
    }

    private JsonReply get(String key, HttpUrl url) {
        try {
            return api.execute(authed(new Request.Builder().url(url), key).get().build());
        } catch (SendFailure f) {
            throw transientFailure(f);
        }
    }

    // ---------------------------------------------------------------- download

    @Override
    public void download(Credentials credentials, ProviderTaskRef task, TaskState finished, Path target) {
        String url = finished.resultRef();
        try {
            retrier.call(() -> {
                downloader.download(url, target);
                return null;
            });
        } catch (ProviderException e) {
            if ("url_gone".equals(e.rawCode())) {
                throw FalErrors.problem(Problem.RESULT_GONE).raw("fal:video_gone").cause(e)
                        .message("fal.ai no longer offers this clip for download.").build();
            }
            throw e;
        }
    }

    // ---------------------------------------------------------------- cancel

    /**
     * {@code PUT …/cancel} (§2.5): a queued request is dropped, a running one asked to stop. True when fal took it
     * ({@code CANCELLATION_REQUESTED}), had already finished it ({@code ALREADY_COMPLETED}, 400 or 409) or no longer
     * knows it (404): in each case there is nothing left to stop.
     *
     * @throws ProviderException when fal refused (the key) or could not be reached
     */
    @Override
    public boolean cancel(Credentials credentials, ProviderTaskRef task) {
        String key = apiKey(credentials);
        FalRequestRef ref = ref(task);
        JsonReply reply;
        try {
            reply = api.execute(authed(new Request.Builder().url(ref.cancelUrl()), key)
                    .put(RequestBody.create(new byte[0], null)).build());
        } catch (SendFailure f) {
            throw transientFailure(f);
        }
        String status = reply.hasJson() ? reply.json().path("status").asText("") : "";
        if (reply.status() / 100 == 2 || reply.status() == 404 || reply.status() == 409
                || "ALREADY_COMPLETED".equals(status)) {
            log.info("fal.ai request {} cancelled: HTTP {} {}", ref.requestId(), reply.status(), status);
            return true;
        }
        throw FalErrors.from(reply, clock);
    }

    // ---------------------------------------------------------------- keys

    /**
     * fal offers no account call; the status of a request that cannot exist is free and still checks the key: 401
     * means fal does not know it, a 403 for the balance means the key is right but the account is locked, anything
     * else (404 for the unknown request) means fal accepted it.
     */
    @Override
    public KeyCheck verifyKeys(Credentials credentials) {
        String key = credentials.get(API_KEY);
        if (key == null || !KEY_FORMAT.matcher(key).matches()) {
            return new KeyCheck(false, false, "A fal.ai key is one line without spaces (key id, a colon, then the "
                    + "secret), as shown on fal.ai/dashboard/keys.");
        }
        SecretRegistry.register(key);
        String app = inputs.get(capabilities.defaultModel()).appId();
        HttpUrl probe = FalRequestRef.derived(baseUrl, app, "00000000-0000-0000-0000-000000000000").statusUrl();
        try {
            JsonReply reply = api.execute(authed(new Request.Builder().url(probe), key).get().build());
            if (reply.status() / 100 == 2 || reply.status() == 404 || reply.status() == 400) {
                return new KeyCheck(true, true, "fal.ai accepted the key.");
            }
            ProviderException e = FalErrors.from(reply, clock);
            if (e.kind() == ErrorKind.BALANCE) {
                return new KeyCheck(true, true, "fal.ai accepted the key, but " + e.getMessage());
            }
            if (e.kind() == ErrorKind.AUTH) {
                return new KeyCheck(false, true, e.getMessage());
            }
            return new KeyCheck(true, false, "The key looks right, but fal.ai could not check it just now.");
        } catch (SendFailure f) {
            return new KeyCheck(true, false, "The key looks right, but fal.ai could not be reached to check it.");
        }
    }

    // ---------------------------------------------------------------- helpers

    @Override
    protected void checkExtras(RequestValidator.Resolved r, GenerationRequest request) {
        FalInput input = inputs.get(r.model().id());
        if (request.cameraMove() != null) {
            throw refused("fal.ai's models take camera moves in the caption, not as a separate setting.",
                    "camera_control");
        }
        if (request.endImage() != null && !r.model().takesEndFrame()) {
            throw refused(r.model().label() + " cannot use an end frame; choose a model that can.",
                    input.imageField());
        }
        if (input.promptRequired() && (request.prompt() == null || request.prompt().isBlank())) {
            throw refused(r.model().label() + " needs a caption to say what should happen.", input.promptField());
        }
        if (input.aspectRatioField() != null && request.shape() != null
                && request.shape().pick(input.aspectRatios()).isEmpty()) {
            throw refused(r.model().label() + " makes no " + request.shape().label() + " clips (it makes "
                    + String.join(", ", input.aspectRatios()) + ").", input.aspectRatioField());
        }
    }

    /** A model naming its ratio field (extra.input.aspectRatio) takes its listed values; the others follow the photo. */
    @Override
    public List<String> frameShapes(io.storyreel.core.provider.ModelSpec model,
                                    io.storyreel.core.provider.ModelSpec.Combination combination) {
        FalInput input = inputs.get(model.id());
        return input == null || input.aspectRatioField() == null ? List.of() : input.aspectRatios();
    }

    private FalRequestRef ref(ProviderTaskRef task) {
        FalRequestRef ref = FalRequestRef.parse(task.taskId(), baseUrl);
        if (ref == null) {
            throw FalErrors.problem(Problem.TASK_UNKNOWN).raw("fal:bad_task_id").retryable(false)
                    .message("This clip's fal.ai request cannot be followed (its reference is damaged).").build();
        }
        return ref;
    }

    private static String apiKey(Credentials credentials) {
        return secret(credentials, API_KEY);
    }

    private static Request.Builder authed(Request.Builder b, String key) {
        return b.header("Authorization", "Key " + key);
    }

    private static ProviderException refused(String message, String field) {
        return FalErrors.problem(Problem.INPUT_REFUSED).raw("client_validation").field(field).message(message).build();
    }

    private static ProviderException transientFailure(SendFailure f) {
        return FalErrors.problem(Problem.PROVIDER_TROUBLE).raw("network").cause(f)
                .message("fal.ai could not be reached; retrying shortly.").build();
    }

    private static ProviderException ambiguous(Exception cause) {
        return FalErrors.problem(Problem.OUTCOME_UNKNOWN).raw("fal:ambiguous").cause(cause)
                .message("fal.ai did not confirm whether the clip was started, and it cannot be asked. It is not sent "
                        + "again automatically, to avoid paying twice; check your requests on fal.ai/dashboard "
                        + "before retrying.").build();
    }
}
