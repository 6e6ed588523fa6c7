package io.storyreel.core.provider.kling;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.core.logging.SecretRegistry;
import io.storyreel.core.provider.Capabilities;
import io.storyreel.core.provider.Credentials;
import io.storyreel.core.provider.ErrorKind;
import io.storyreel.core.provider.GenerationRequest;
import io.storyreel.core.provider.ProviderException;
import io.storyreel.core.provider.ProviderTaskRef;
import io.storyreel.core.provider.RequestValidator;
import io.storyreel.core.provider.TaskState;
import io.storyreel.core.provider.TaskStatus;
import io.storyreel.core.provider.http.Backoff;
import io.storyreel.core.provider.http.HttpVideoProvider;
import io.storyreel.core.provider.http.JsonReply;
import io.storyreel.core.provider.http.SendFailure;
import io.storyreel.core.provider.http.Sleeper;
import io.storyreel.core.provider.kling.internal.KlingCreateRequest;
import io.storyreel.core.provider.kling.internal.KlingTask;
import io.storyreel.core.provider.limits.AccountId;
import io.storyreel.core.provider.limits.LimitSettings;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
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

    private static final Logger log = LoggerFactory.getLogger(KlingProvider.class);
    private static final Pattern KEY_FORMAT = Pattern.compile("[\\x21-\\x7e]{8,256}");

    public KlingProvider(OkHttpClient http, String baseUrl, Capabilities capabilities, Clock clock,
                         LimitSettings limits, Sleeper sleeper) {
        this(http, baseUrl, capabilities, clock, limits, sleeper, Backoff.standard());
    }

    public KlingProvider(OkHttpClient http, String baseUrl, Capabilities capabilities, Clock clock,
                         LimitSettings limits, Sleeper sleeper, Backoff backoff) {
        this(http, baseUrl, capabilities, clock, limits, sleeper, backoff, null);
    }

    /** @param callbackUrl where Kling should POST each task's status changes (spec §1.5), or null */
    public KlingProvider(OkHttpClient http, String baseUrl, Capabilities capabilities, Clock clock,
                         LimitSettings limits, Sleeper sleeper, Backoff backoff, String callbackUrl) {
        // every API call carries a Kling JWT; result URLs are plain CDN links, fetched without it
        super(http, baseUrl, capabilities, clock, limits, sleeper, backoff, callbackUrl,
                (b, mapper) -> b.addInterceptor(new KlingAuthInterceptor(new KlingTokens(clock), mapper)));
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<String> credentialFields() {
        return List.of(ACCESS_KEY, SECRET_KEY);
    }

    // ---------------------------------------------------------------- submit

    @Override
    public ProviderTaskRef submit(Credentials credentials, GenerationRequest request, String idempotencyKey) {
        KlingKeys keys = keys(credentials);
        RequestValidator.Resolved r = RequestValidator.resolve(capabilities, request);
        checkExtras(r, request);
        if (request.image() == null || request.image().length == 0) {
            throw new ProviderException(ErrorKind.INVALID_INPUT, "The scene has no photo.", "client_validation",
                    "image", null, false, null);
        }
        KlingCreateRequest body = createBody(r, request, idempotencyKey);
        String account = AccountId.of(keys.accessKey());
        String pending = "pending:" + idempotencyKey;
        slots.acquire(account, pending);
        boolean created = false;
        try {
            ProviderTaskRef ref = create(credentials, keys, body, idempotencyKey, account);
            slots.rename(account, pending, ref.taskId());
            created = true;
            return ref;
        } finally {
            if (!created) {
                slots.release(account, pending);
            }
        }
    }

    KlingCreateRequest createBody(RequestValidator.Resolved r, GenerationRequest request, String idempotencyKey) {
        Object cfg = r.model().extra().get("cfgScale");
        Double cfgScale = cfg instanceof Number n ? n.doubleValue() : null;
        String sound = r.model().extra().containsKey("sound") ? "off" : null;
        return new KlingCreateRequest(r.model().id(), r.mode(), String.valueOf(r.durationSeconds()),
                request.prompt(), blankToNull(request.negativePrompt()), cfgScale, base64(request.image()),
                request.endImage() == null ? null : base64(request.endImage()),
                request.cameraMove() == null ? null : new KlingCreateRequest.CameraControl(request.cameraMove()),
                sound, idempotencyKey, callbackUrl);
    }

    private ProviderTaskRef create(Credentials credentials, KlingKeys keys, KlingCreateRequest body,
                                   String idempotencyKey, String account) {
        Backoff backoff = retrier.backoff();
        boolean resentAfterProvenAbsent = false;
        for (int attempt = 1; ; attempt++) {
            rate.acquire(account, retrier::pause, "Kling");
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
                    throw new ProviderException(ErrorKind.UNKNOWN, "Kling accepted the clip but sent no task id.",
                            "kling:no_task_id");
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
            throw new ProviderException(ErrorKind.AMBIGUOUS_SUBMIT, "Kling did not confirm whether the clip was "
                    + "started, and could not be asked. It will be checked again before anything is resubmitted.",
                    "kling:unresolved", null, null, false, f != null ? f : e);
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
        String account = AccountId.of(keys.accessKey());
        KlingTask t;
        try {
            t = retrier.call(() -> query(keys, task.taskId()));
        } catch (ProviderException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                slots.release(account, task.taskId());
                return new TaskState(TaskStatus.EXPIRED, "not_found", -1, null, -1, e);
            }
            throw e;
        }
        String raw = t.taskStatus() == null ? "" : t.taskStatus();
        TaskState state = switch (raw.toLowerCase(Locale.ROOT)) {
            case "submitted" -> new TaskState(TaskStatus.QUEUED, raw, -1, null, -1, null);
            case "processing" -> new TaskState(TaskStatus.RUNNING, raw, -1, null, -1, null);
            case "succeed", "success", "succeeded" -> succeeded(t, raw);
            case "failed", "fail" -> new TaskState(TaskStatus.FAILED, raw, -1, null, -1,
                    KlingErrors.taskFailed(t.taskStatusMsg()));
            default -> new TaskState(TaskStatus.RUNNING, raw, -1, null, -1, null); // unknown: keep polling
        };
        if (state.status().terminal()) {
            slots.release(account, task.taskId());
        } else {
            slots.touch(account, task.taskId());
        }
        return state;
    }

    private TaskState succeeded(KlingTask t, String raw) {
        String url = t.firstVideoUrl();
        if (url == null || url.isBlank()) {
            return new TaskState(TaskStatus.FAILED, raw, -1, null, -1, new ProviderException(ErrorKind.UNKNOWN,
                    "Kling finished the clip but gave no video link.", "kling:no_video"));
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
                throw new ProviderException(ErrorKind.TRANSIENT, "Kling sent an incomplete answer; retrying.",
                        "kling:no_data", null, null, true, null);
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
            throw new ProviderException(ErrorKind.UNKNOWN, "Kling sent an answer this version cannot read.",
                    "kling:unreadable", null, null, false, e);
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
                throw new ProviderException(ErrorKind.NOT_FOUND, "Kling no longer offers this clip for download.",
                        "kling:video_gone");
            }
            try {
                retrier.call(() -> {
                    downloader.download(again.resultRef(), target);
                    return null;
                });
            } catch (ProviderException e2) {
                if ("url_gone".equals(e2.rawCode())) {
                    throw new ProviderException(ErrorKind.NOT_FOUND, "Kling no longer offers this clip for download.",
                            "kling:video_gone");
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
                return new KeyCheck(false, true, e.getMessage());
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
                case AUTH -> new KeyCheck(false, true, e.getMessage());
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
            throw new ProviderException(ErrorKind.INVALID_INPUT, r.model().label() + " cannot use an end frame in "
                    + (r.mode() == null ? "" : r.mode() + " mode at ") + r.durationSeconds() + " seconds.",
                    "client_validation", "image_tail", null, false, null);
        }
        if (request.cameraMove() != null) {
            if (request.endImage() != null) {
                throw new ProviderException(ErrorKind.INVALID_INPUT, "Kling cannot combine an end frame with a "
                        + "camera move.", "client_validation", "camera_control", null, false, null);
            }
            if (!listed(r.model().extra().get("cameraControl"), combo)) {
                throw new ProviderException(ErrorKind.INVALID_INPUT, r.model().label() + " has no camera moves in "
                        + "this mode and length.", "client_validation", "camera_control", null, false, null);
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

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static ProviderException transientFailure(SendFailure f) {
        return new ProviderException(ErrorKind.TRANSIENT, "Kling could not be reached; retrying shortly.",
                "network", null, null, true, f);
    }

    private static ProviderException ambiguous(String idempotencyKey, Exception cause) {
        return new ProviderException(ErrorKind.AMBIGUOUS_SUBMIT, "Kling did not confirm whether the clip was "
                + "started. It will be looked up by its id before anything is paid again.", "kling:ambiguous", null,
                null, false, cause);
    }
}
