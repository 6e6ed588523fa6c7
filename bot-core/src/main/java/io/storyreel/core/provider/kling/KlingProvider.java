package io.storyreel.core.provider.kling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storyreel.core.logging.SecretRegistry;
import io.storyreel.core.provider.Backoff;
import io.storyreel.core.provider.CredentialField;
import io.storyreel.core.provider.Credentials;
import io.storyreel.core.provider.ErrorKind;
import io.storyreel.core.provider.GenerationRequest;
import io.storyreel.core.provider.ParameterValues;
import io.storyreel.core.provider.Problem;
import io.storyreel.core.provider.ProviderContext;
import io.storyreel.core.provider.ProviderException;
import io.storyreel.core.provider.ProviderTaskRef;
import io.storyreel.core.provider.RequestValidator;
import io.storyreel.core.provider.TaskState;
import io.storyreel.core.provider.TaskStatus;
import io.storyreel.core.provider.http.HttpVideoProvider;
import io.storyreel.core.provider.http.JsonReply;
import io.storyreel.core.provider.http.SendFailure;
import io.storyreel.core.provider.kling.internal.KlingCreateRequest;
import io.storyreel.core.provider.kling.internal.KlingTask;
import io.storyreel.core.provider.limits.AccountId;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Kling AI image-to-video (spec §1). Thread-safe; keys come with every call. Creates carry our idempotency key as
 * {@code external_task_id}, so a create whose answer was lost is resolved by asking Kling for that id instead of
 * paying twice. Polls and downloads retry with backoff; creates only when Kling's answer proves nothing was made.
 */
public final class KlingProvider extends HttpVideoProvider {
    public static final String ID = "kling";
    public static final String ACCESS_KEY = "accessKey";
    public static final String SECRET_KEY = "secretKey";
    /** The catalogue's parameter for Kling's camera moves (a preset, or the simple form). */
    static final String CAMERA = "camera_control";

    private static final Logger log = LoggerFactory.getLogger(KlingProvider.class);
    private static final Pattern KEY_FORMAT = Pattern.compile("[\\x21-\\x7e]{8,256}");

    /** The keys a Kling user gives, in the order they are typed. */
    static final List<CredentialField> CREDENTIALS = List.of(new CredentialField(ACCESS_KEY, "Access key"),
            new CredentialField(SECRET_KEY, "Secret key"));

    /** The context's callback URL is where Kling should POST each task's status changes (spec §1.5). */
    public KlingProvider(ProviderContext context) {
        // every API call carries a Kling JWT; result URLs are plain CDN links, fetched without it
        super(context, (b, mapper) -> b.addInterceptor(new KlingAuthInterceptor(new KlingTokens(context.clock()),
                mapper)));
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
    protected ProviderTaskRef create(Credentials credentials, RequestValidator.Resolved r, GenerationRequest request,
                                     String idempotencyKey) {
        KlingKeys keys = keys(credentials);
        return create(credentials, keys, createBody(r, request, idempotencyKey), idempotencyKey,
                AccountId.of(keys.accessKey()));
    }

    @Override
    protected String imageField() {
        return "image";
    }

    /** The create body; cfg_scale, camera_control and the other declared parameters come from the catalogue. */
    ObjectNode createBody(RequestValidator.Resolved r, GenerationRequest request, String idempotencyKey) {
        // a model with the sound switch gets it on when the combination makes sound, else off; others never see it
        String sound = r.model().extra().containsKey("sound") ? (r.combination().audio() ? "on" : "off") : null;
        // a catalogue entry may be a variant of an API model (Kling 3.0 with sound is kling-v3, sound on)
        Object apiModel = r.model().extra().get("modelName");
        return withParameters(new KlingCreateRequest(apiModel == null ? r.model().id() : String.valueOf(apiModel),
                r.mode(), String.valueOf(r.durationSeconds()),
                request.prompt(), blankToNull(request.negativePrompt()), null, request.image(), request.endImage(),
                request.cameraMove() == null ? null : new KlingCreateRequest.CameraControl(request.cameraMove()),
                sound, idempotencyKey, callbackUrl), r, request);
    }

    private ProviderTaskRef create(Credentials credentials, KlingKeys keys, ObjectNode body,
                                   String idempotencyKey, String account) {
        Backoff backoff = retrier.backoff();
        boolean resentAfterProvenAbsent = false;
        for (int attempt = 1; ; attempt++) {
            rate.acquire(account, retrier::pause, KlingErrors.NAME);
            Request post = new Request.Builder().url(url("v1/videos/image2video"))
                    .post(api.oneShotJson(body)).tag(KlingKeys.class, keys).build();
            JsonReply reply;
            try {
                reply = api.execute(post);
            } catch (SendFailure f) {
                if (!f.maybeSent()) {
                    if (attempt >= backoff.maxAttempts()) {
                        throw transientFailure(f);
                    }
                    retrier.pause(backoff.delayAfter(attempt, null));
                    continue;
                }
                ProviderTaskRef found = resolveUnknownOutcome(credentials, idempotencyKey, f);
                if (found != null) {
                    return found;
                }
                if (resentAfterProvenAbsent) {
                    throw ambiguous(idempotencyKey, f);
                }
                resentAfterProvenAbsent = true;
                log.info("Kling create for {} got no answer and Kling has no such task; sending it once more",
                        idempotencyKey);
                continue;
            }
            if (reply.status() == 200 && KlingErrors.code(reply) == 0) {
                KlingTask task = task(reply);
                if (task == null || task.taskId() == null) {
                    throw KlingErrors.problem(Problem.UNEXPECTED_ANSWER).raw("kling:no_task_id")
                            .message("Kling accepted the clip but sent no task id.").build();
                }
                return new ProviderTaskRef(ID, task.taskId(), idempotencyKey);
            }
            int code = KlingErrors.code(reply);
            if (code < 0 && reply.status() >= 500) {
                // a bare 5xx (proxy, gateway) does not prove Kling did nothing: ask for our id
                ProviderTaskRef found = resolveUnknownOutcome(credentials, idempotencyKey, null);
                if (found != null) {
                    return found;
                }
                if (resentAfterProvenAbsent) {
                    throw ambiguous(idempotencyKey, null);
                }
                resentAfterProvenAbsent = true;
                continue;
            }
            ProviderException e = KlingErrors.map(reply, KlingErrors.Call.CREATE, clock);
            boolean provenNotCreated = KlingErrors.CREATE_REFUSED_RETRYABLE.contains(code)
                    || (code < 0 && reply.status() == 429);
            if (!provenNotCreated || attempt >= backoff.maxAttempts()) {
                throw e;
            }
            retrier.pause(backoff.delayAfter(attempt, e.retryAfter().orElse(null)));
        }
    }

    /** The task Kling holds under our id, or null when Kling proves it has none. */
    private ProviderTaskRef resolveUnknownOutcome(Credentials credentials, String idempotencyKey, SendFailure f) {
        try {
            return findByIdempotencyKey(credentials, idempotencyKey);
        } catch (ProviderException e) {
            throw KlingErrors.problem(Problem.OUTCOME_UNKNOWN).raw("kling:unresolved").cause(f != null ? f : e)
                    .message("Kling did not confirm whether the clip was started, and could not be asked. It will "
                            + "be checked again before anything is resubmitted.").build();
        }
    }

    @Override
    public ProviderTaskRef findByIdempotencyKey(Credentials credentials, String idempotencyKey) {
        KlingKeys keys = keys(credentials);
        try {
            KlingTask task = retrier.call(() -> query(keys, idempotencyKey));
            if (task == null || task.taskId() == null) {
                return null;
            }
            String external = task.externalTaskId();
            if (external != null && !external.isEmpty() && !external.equals(idempotencyKey)
                    && !task.taskId().equals(idempotencyKey)) {
                // the answer is about another task: it does not prove ours exists
                return null;
            }
            return new ProviderTaskRef(ID, task.taskId(), idempotencyKey);
        } catch (ProviderException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    // ---------------------------------------------------------------- poll

    @Override
    public TaskState poll(Credentials credentials, ProviderTaskRef task) {
        KlingKeys keys = keys(credentials);
        KlingTask t;
        try {
            t = retrier.call(() -> query(keys, task.taskId()));
        } catch (ProviderException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return new TaskState(TaskStatus.EXPIRED, "not_found", -1, null, -1, e);
            }
            throw e;
        }
        String raw = t.taskStatus() == null ? "" : t.taskStatus();
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "submitted" -> new TaskState(TaskStatus.QUEUED, raw, -1, null, -1, null);
            case "processing" -> new TaskState(TaskStatus.RUNNING, raw, -1, null, -1, null);
            case "succeed", "success", "succeeded" -> succeeded(t, raw);
            case "failed", "fail" -> new TaskState(TaskStatus.FAILED, raw, -1, null, units(t.finalUnitDeduction()),
                    KlingErrors.taskFailed(t.taskStatusMsg()));
            default -> new TaskState(TaskStatus.RUNNING, raw, -1, null, -1, null); // unknown: keep polling
        };
    }

    private TaskState succeeded(KlingTask t, String raw) {
        String url = t.firstVideoUrl();
        if (url == null || url.isBlank()) {
            return new TaskState(TaskStatus.FAILED, raw, -1, null, -1, KlingErrors.problem(Problem.UNEXPECTED_ANSWER)
                    .raw("kling:no_video").message("Kling finished the clip but gave no video link.").build());
        }
        return new TaskState(TaskStatus.SUCCEEDED, raw, 100, url, units(t.finalUnitDeduction()), null);
    }

    private static double units(String finalUnitDeduction) {
        if (finalUnitDeduction == null || finalUnitDeduction.isBlank()) {
            return -1;
        }
        try {
            return Double.parseDouble(finalUnitDeduction.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private KlingTask query(KlingKeys keys, String id) {
        Request get = new Request.Builder().url(url("v1/videos/image2video").newBuilder().addPathSegment(id).build())
                .get().tag(KlingKeys.class, keys).build();
        JsonReply reply;
        try {
            reply = api.execute(get);
        } catch (SendFailure f) {
            throw transientFailure(f);
        }
        if (reply.status() == 200 && KlingErrors.code(reply) == 0) {
            KlingTask task = task(reply);
            if (task == null) {
                throw KlingErrors.problem(Problem.PROVIDER_TROUBLE).raw("kling:no_data")
                        .message("Kling sent an incomplete answer; retrying.").build();
            }
            return task;
        }
        throw KlingErrors.map(reply, KlingErrors.Call.QUERY, clock);
    }

    private KlingTask task(JsonReply reply) {
        JsonNode data = reply.json().get("data");
        if (data == null || !data.isObject()) {
            return null;
        }
        try {
            return mapper.treeToValue(data, KlingTask.class);
        } catch (Exception e) {
            throw KlingErrors.problem(Problem.UNEXPECTED_ANSWER).raw("kling:unreadable").cause(e)
                    .message("Kling sent an answer this version cannot read.").build();
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
            if (!"url_gone".equals(e.rawCode())) {
                throw e;
            }
            // the link expired: ask Kling again, it may hand out a fresh one
            TaskState again = poll(credentials, task);
            if (again.status() != TaskStatus.SUCCEEDED || again.resultRef() == null) {
                throw videoGone();
            }
            try {
                retrier.call(() -> {
                    downloader.download(again.resultRef(), target);
                    return null;
                });
            } catch (ProviderException e2) {
                if ("url_gone".equals(e2.rawCode())) {
                    throw videoGone();
                }
                throw e2;
            }
        }
    }

    // ---------------------------------------------------------------- keys

    @Override
    public KeyCheck verifyKeys(Credentials credentials) {
        String ak = credentials.get(ACCESS_KEY);
        String sk = credentials.get(SECRET_KEY);
        if (ak == null || !KEY_FORMAT.matcher(ak).matches() || sk == null || !KEY_FORMAT.matcher(sk).matches()) {
            return new KeyCheck(false, false, "A Kling key needs an Access Key and a Secret Key, each 8 or more "
                    + "characters without spaces, as shown on the Kling developer console.");
        }
        KlingKeys keys = new KlingKeys(ak, sk);
        SecretRegistry.register(sk);
        // GET /account/costs is free (spec §1.4); a service without it answers 404, and the call is limited to one a
        // second (1302); then a query of a task id that cannot exist (also free) still proves whether the token is
        // accepted
        long now = clock.millis();
        HttpUrl costs = url("account/costs").newBuilder()
                .addQueryParameter("start_time", String.valueOf(now - Duration.ofDays(1).toMillis()))
                .addQueryParameter("end_time", String.valueOf(now)).build();
        try {
            JsonReply reply = api.execute(new Request.Builder().url(costs).get().tag(KlingKeys.class, keys).build());
            if (reply.status() == 200 && KlingErrors.code(reply) == 0) {
                return new KeyCheck(true, true, "Kling accepted the keys.");
            }
            ProviderException e = KlingErrors.map(reply, KlingErrors.Call.ACCOUNT, clock);
            if (e.kind() == ErrorKind.AUTH) {
                return KeyCheck.refused(e);
            }
            if (e.kind() == ErrorKind.BALANCE) {
                return new KeyCheck(true, true, "Kling accepted the keys, but " + e.getMessage());
            }
            // the account call allows one a second: a user sending keys twice quickly still gets an answer
            if (reply.status() == 404 || e.kind() == ErrorKind.NOT_FOUND || e.kind() == ErrorKind.RATE_LIMITED) {
                return verifyByQuery(keys);
            }
            return new KeyCheck(true, false, "The keys look right, but Kling could not check them just now ("
                    + e.rawCode() + ").");
        } catch (SendFailure f) {
            return new KeyCheck(true, false, "The keys look right, but Kling could not be reached to check them.");
        }
    }

    private KeyCheck verifyByQuery(KlingKeys keys) {
        try {
            query(keys, "storyreel-key-check-" + clock.millis());
            return new KeyCheck(true, true, "Kling accepted the keys.");
        } catch (ProviderException e) {
            return switch (e.kind()) {
                case AUTH -> KeyCheck.refused(e);
                case NOT_FOUND, INVALID_INPUT -> new KeyCheck(true, true, "Kling accepted the keys.");
                default -> new KeyCheck(true, false, "The keys look right, but Kling could not check them just now.");
            };
        }
    }

    // ---------------------------------------------------------------- helpers

    @Override
    protected void checkExtras(RequestValidator.Resolved r, GenerationRequest request) {
        String combo = r.mode() + "-" + r.durationSeconds();
        if (request.endImage() != null && !listed(r.model().extra().get("endFrame"), combo)) {
            throw refused(r.model().label() + " cannot use an end frame in "
                    + (r.mode() == null ? "" : r.mode() + " mode at ") + r.durationSeconds() + " seconds.", "image_tail");
        }
        if (request.cameraMove() != null || request.parameters().containsKey(CAMERA)) {
            if (request.endImage() != null) {
                throw refused("Kling cannot combine an end frame with a camera move.", "camera_control");
            }
            if (ParameterValues.declared(r.model(), CAMERA).filter(p -> p.honouredIn(r.combination())).isEmpty()) {
                throw refused(r.model().label() + " has no camera moves in this mode and length.",
                        "camera_control");
            }
        }
    }

    private static boolean listed(Object list, String combo) {
        return list instanceof List<?> l && l.stream().anyMatch(o -> combo.equals(String.valueOf(o)));
    }

    private KlingKeys keys(Credentials credentials) {
        String ak = credentials.require(ACCESS_KEY);
        String sk = credentials.require(SECRET_KEY);
        return new KlingKeys(ak, sk);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static ProviderException refused(String message, String field) {
        return KlingErrors.problem(Problem.INPUT_REFUSED).raw("client_validation").field(field).message(message).build();
    }

    private static ProviderException videoGone() {
        return KlingErrors.problem(Problem.RESULT_GONE).raw("kling:video_gone")
                .message("Kling no longer offers this clip for download.").build();
    }

    private static ProviderException transientFailure(SendFailure f) {
        return KlingErrors.problem(Problem.PROVIDER_TROUBLE).raw("network").cause(f)
                .message("Kling could not be reached; retrying shortly.").build();
    }

    private static ProviderException ambiguous(String idempotencyKey, Exception cause) {
        return KlingErrors.problem(Problem.OUTCOME_UNKNOWN).raw("kling:ambiguous").cause(cause)
                .message("Kling did not confirm whether the clip was started. It will be looked up by its id before "
                        + "anything is paid again.").build();
    }
}
