package io.storyreel.core.provider.runway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storyreel.core.logging.SecretRegistry;
import io.storyreel.core.provider.CredentialField;
import io.storyreel.core.provider.Credentials;
import io.storyreel.core.provider.ErrorKind;
import io.storyreel.core.provider.GenerationRequest;
import io.storyreel.core.provider.ParameterValues;
import io.storyreel.core.provider.Problem;
import io.storyreel.core.provider.ProviderContext;
import io.storyreel.core.provider.ProviderException;
import io.storyreel.core.provider.ProviderQueue;
import io.storyreel.core.provider.ProviderTaskRef;
import io.storyreel.core.provider.RequestValidator;
import io.storyreel.core.provider.TaskState;
import io.storyreel.core.provider.TaskStatus;
import io.storyreel.core.provider.http.CreateSender;
import io.storyreel.core.provider.http.HttpVideoProvider;
import io.storyreel.core.provider.http.JsonReply;
import io.storyreel.core.provider.http.RetryAfter;
import io.storyreel.core.provider.http.SendFailure;
import io.storyreel.core.provider.limits.AccountId;
import io.storyreel.core.provider.runway.internal.RunwayCreateRequest;
import io.storyreel.core.provider.runway.internal.RunwayTask;
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
 * Runway image-to-video (spec providers-next §1). Thread-safe; the key comes with every call, with
 * {@code X-Runway-Version} on every request. The photo travels as a data URI; a model that takes a last frame gets
 * {@code promptImage} with positions. Runway has no idempotency key and no way to look a task up by anything but its
 * id, so a create is sent again only when Runway's answer proves nothing was made (429, 502–504), and a create
 * without an answer is AMBIGUOUS_SUBMIT. A task waiting for one of the account's Runway slots ({@code THROTTLED}) is
 * QUEUED with {@link ProviderQueue#accountSlot()}. Output links expire, so each download asks for the task again
 * first; a cancelled film's tasks are DELETEd.
 */
public final class RunwayProvider extends HttpVideoProvider {
    public static final String ID = "runway";
    public static final String API_KEY = "apiKey";
    /** The only version of the API documented (spec §1.1); sent on every request. */
    public static final String API_VERSION = "2024-11-06";

    private static final Logger log = LoggerFactory.getLogger(RunwayProvider.class);
    private static final Pattern KEY_FORMAT = Pattern.compile("key_[0-9a-f]{128}");
    private static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9-]{1,100}");

    /** The key a Runway user gives. */
    static final List<CredentialField> CREDENTIALS = List.of(new CredentialField(API_KEY, "API key"));

    public RunwayProvider(ProviderContext context) {
        // the key is set per request; output links are pre-signed CDN URLs, fetched without it
        super(context, (b, mapper) -> b);
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
        String key = apiKey(credentials);
        return create(key, createBody(r, request), AccountId.of(key));
    }

    @Override
    protected String imageField() {
        return "promptImage";
    }

    /** The create body; seed and the other declared parameters come from the catalogue. */
    ObjectNode createBody(RequestValidator.Resolved r, GenerationRequest request) {
        RunwayModel m = new RunwayModel(r.model());
        String first = dataUri(request.image(), request.imageMime());
        String last = request.endImage() == null ? null : dataUri(request.endImage(), request.endImageMime());
        String negative = m.takesNegativePrompt() ? blankToNull(request.negativePrompt()) : null;
        return withParameters(new RunwayCreateRequest(r.model().id(), RunwayCreateRequest.promptImage(first, last),
                blankToNull(request.prompt()), m.ratioFor(r.resolution(), request), r.durationSeconds(),
                m.audio(r.combination()), negative), r, request);
    }

    private ProviderTaskRef create(String key, ObjectNode body, String account) {
        return creates.send(account, RunwayErrors.NAME,
                () -> authed(new Request.Builder().url(url("v1/image_to_video")), key).post(api.oneShotJson(body))
                        .build(),
                this::created, RunwayProvider::transientFailure, RunwayProvider::ambiguous);
    }

    /** 429 and 502–504 prove no task was made (spec §7); a 500 or a success without an id proves nothing. */
    private CreateSender.Outcome created(JsonReply reply) {
        if (reply.status() == 200 || reply.status() == 201) {
            String id = reply.hasJson() ? reply.json().path("id").asText("") : "";
            if (id.isBlank()) {
                throw ambiguous(null); // accepted, but which task was made is unknown
            }
            return new CreateSender.Outcome.Created(new ProviderTaskRef(ID, id, null));
        }
        ProviderException e = RunwayErrors.fromHttp(reply.status(), reply.json(), retryAfter(reply));
        if (reply.status() >= 500 && !RunwayErrors.CREATE_REFUSED_RETRYABLE.contains(reply.status())) {
            throw ambiguous(e); // a 500 does not say whether the task was made before it broke
        }
        return new CreateSender.Outcome.Refused(e, RunwayErrors.CREATE_REFUSED_RETRYABLE.contains(reply.status())
                && e.kind() != ErrorKind.BALANCE);
    }

    /** Runway has no idempotency key and lists no tasks: it cannot tell whether an unanswered create made one. */
    @Override
    public ProviderTaskRef findByIdempotencyKey(Credentials credentials, String idempotencyKey) {
        throw RunwayErrors.problem(Problem.OUTCOME_UNKNOWN).raw("runway:no_idempotency")
                .message("Runway cannot be asked whether an unanswered request started a clip, so it is not sent "
                        + "again automatically. Check the tasks of your Runway account before retrying, to avoid "
                        + "paying twice.").build();
    }

    // ---------------------------------------------------------------- poll

    @Override
    public TaskState poll(Credentials credentials, ProviderTaskRef task) {
        String key = apiKey(credentials);
        RunwayTask t;
        try {
            t = retrier.call(() -> get(key, task.taskId()));
        } catch (ProviderException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                // Runway answers 404 for a task that was cancelled or deleted (spec §1.5)
                return new TaskState(TaskStatus.CANCELLED, "not_found", -1, null, -1, RunwayErrors
                        .problem(Problem.TASK_UNKNOWN).raw("http:404").message("Runway no longer has this task (it "
                                + "was cancelled or deleted).").build());
            }
            throw e;
        }
        String raw = t.status() == null ? "" : t.status();
        return switch (raw.toUpperCase(Locale.ROOT)) {
            case "PENDING" -> new TaskState(TaskStatus.QUEUED, raw, -1, null, -1, null);
            case "THROTTLED" -> new TaskState(TaskStatus.QUEUED, raw, -1, null, -1, null)
                    .waiting(ProviderQueue.accountSlot());
            case "RUNNING" -> new TaskState(TaskStatus.RUNNING, raw, percent(t.progress()), null, -1, null);
            case "SUCCEEDED" -> succeeded(t, raw);
            case "FAILED" -> {
                log.info("Runway task {} failed: {} ({})", task.taskId(), t.failureCode(), t.failure());
                yield new TaskState(TaskStatus.FAILED, raw, -1, null, -1, RunwayErrors.taskFailed(t.failureCode()));
            }
            case "CANCELLED", "CANCELED" -> new TaskState(TaskStatus.CANCELLED, raw, -1, null, -1, RunwayErrors
                    .problem(Problem.TASK_FAILED).raw("runway:CANCELLED").message("The Runway task was cancelled.")
                    .build());
            default -> new TaskState(TaskStatus.RUNNING, raw, -1, null, -1, null); // unknown word: keep polling
        };
    }

    private static TaskState succeeded(RunwayTask t, String raw) {
        String url = t.firstOutput();
        if (url == null || url.isBlank()) {
            return new TaskState(TaskStatus.FAILED, raw, -1, null, -1, RunwayErrors.problem(Problem.UNEXPECTED_ANSWER)
                    .raw("runway:no_output").message("Runway finished the clip but gave no video link.").build());
        }
        double credits = t.cost() != null && t.cost().credits() != null ? t.cost().credits() : -1;
        return new TaskState(TaskStatus.SUCCEEDED, raw, 100, url, credits, null);
    }

    private static int percent(Double progress) {
        if (progress == null || progress.isNaN()) {
            return -1;
        }
        return (int) Math.round(Math.max(0, Math.min(1, progress)) * 100);
    }

    private RunwayTask get(String key, String taskId) {
        JsonReply reply = send(authed(new Request.Builder().url(taskUrl(taskId)), key).get().build());
        if (reply.status() == 200 && reply.hasJson()) {
            try {
                return mapper.treeToValue(reply.json(), RunwayTask.class);
            } catch (Exception e) {
                throw RunwayErrors.problem(Problem.UNEXPECTED_ANSWER).raw("runway:unreadable").cause(e)
                        .message("Runway sent an answer this version cannot read.").build();
            }
        }
        if (reply.status() == 200) {
            throw RunwayErrors.problem(Problem.PROVIDER_TROUBLE).raw("runway:empty")
                    .message("Runway sent an incomplete answer; retrying.").build();
        }
        throw RunwayErrors.fromHttp(reply.status(), reply.json(), retryAfter(reply));
    }

    // ---------------------------------------------------------------- download

    /**
     * Output links expire (24–48 h), so the task is asked again for a fresh link first; a link that still answers as
     * expired gets one more fresh one.
     */
    @Override
    public void download(Credentials credentials, ProviderTaskRef task, TaskState finished, Path target) {
        ProviderException last = null;
        for (int round = 0; round < 2; round++) {
            String url = freshOutput(credentials, task, round == 0 ? finished.resultRef() : null);
            try {
                retrier.call(() -> {
                    downloader.download(url, target);
                    return null;
                });
                return;
            } catch (ProviderException e) {
                if (!"url_gone".equals(e.rawCode())) {
                    throw e;
                }
                last = e;
            }
        }
        throw RunwayErrors.problem(Problem.RESULT_GONE).raw("runway:video_gone").cause(last)
                .message("Runway no longer offers this clip for download.").build();
    }

    /** The task's current output link; {@code fallback} when Runway cannot be asked just now. */
    private String freshOutput(Credentials credentials, ProviderTaskRef task, String fallback) {
        TaskState now;
        try {
            now = poll(credentials, task);
        } catch (ProviderException e) {
            if (fallback != null && e.retryable()) {
                return fallback;
            }
            throw e;
        }
        if (now.status() != TaskStatus.SUCCEEDED || now.resultRef() == null) {
            throw RunwayErrors.problem(Problem.RESULT_GONE).raw("runway:video_gone").message("Runway no longer "
                    + "offers this clip for download.").build();
        }
        return now.resultRef();
    }

    // ---------------------------------------------------------------- cancel

    /**
     * {@code DELETE /v1/tasks/{id}}: stops a pending, throttled or running task (spec §1.5); 404 means it is gone
     * already. One attempt: the user is waiting for the cancel, and a task Runway keeps only finishes.
     */
    @Override
    public boolean cancel(Credentials credentials, ProviderTaskRef task) {
        String key = apiKey(credentials);
        JsonReply reply = send(authed(new Request.Builder().url(taskUrl(task.taskId())), key).header("Accept", "*/*")
                .delete().build());
        if (reply.status() / 100 == 2 || reply.status() == 404) {
            return true;
        }
        throw RunwayErrors.fromHttp(reply.status(), reply.json(), retryAfter(reply));
    }

    // ---------------------------------------------------------------- keys

    /** {@code GET /v1/organization} costs nothing and tells the credit balance too. */
    @Override
    public KeyCheck verifyKeys(Credentials credentials) {
        String key = credentials.get(API_KEY);
        if (key == null || !KEY_FORMAT.matcher(key.trim()).matches()) {
            return new KeyCheck(false, false, "A Runway API key is key_ followed by 128 characters 0-9 and a-f, as "
                    + "shown when you create a key in the Runway developer portal (dev.runwayml.com).");
        }
        key = key.trim();
        SecretRegistry.register(key);
        try {
            JsonReply reply = api.execute(authed(new Request.Builder().url(url("v1/organization")), key).get()
                    .build());
            if (reply.status() == 200) {
                String balance = reply.hasJson() && reply.json().path("creditBalance").isNumber()
                        ? " Your balance is " + reply.json().get("creditBalance").asLong() + " credits." : "";
                return new KeyCheck(true, true, "Runway accepted the key." + balance);
            }
            ProviderException e = RunwayErrors.fromHttp(reply.status(), reply.json(), null);
            if (e.kind() == ErrorKind.AUTH) {
                return new KeyCheck(false, true, e.getMessage());
            }
            return new KeyCheck(true, false, "The key looks right, but Runway could not check it just now.");
        } catch (SendFailure f) {
            return new KeyCheck(true, false, "The key looks right, but Runway could not be reached to check it.");
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Runway's {@code ratio} is the clip's frame: the model's values at the combination's resolution. */
    @Override
    public List<String> frameShapes(io.storyreel.core.provider.ModelSpec model,
                                    io.storyreel.core.provider.ModelSpec.Combination combination) {
        return new RunwayModel(model).ratios(combination.resolution());
    }

    @Override
    protected void checkExtras(RequestValidator.Resolved r, GenerationRequest request) {
        RunwayModel m = new RunwayModel(r.model());
        if (request.cameraMove() != null) {
            throw refused("Runway takes camera moves inside the caption (\"slow push-in\"), not as a setting.",
                    "camera_control");
        }
        if (!request.referenceImages().isEmpty()) {
            throw refused("Runway's image-to-video models here take no reference images.", "promptImage");
        }
        if (request.endImage() != null && !r.model().takesEndFrame()) {
            throw refused(r.model().label() + " cannot end on a given last frame; choose a model that can (Veo 3.1 "
                    + "or Seedance 2.0 on Runway).", "promptImage");
        }
        if (m.ratios(r.resolution()).isEmpty()) {
            throw refused(r.model().label() + " has no output size for " + r.resolution() + " in the catalogue.",
                    "ratio");
        }
        String frame = ParameterValues.effective(r.model(), r.combination(), request.parameters()).get("frame");
        if (frame != null && !m.ratios(r.resolution()).contains(frame)) {
            throw refused(r.model().label() + " at " + r.resolution() + " takes the frames "
                    + String.join(", ", m.ratios(r.resolution())) + ", not " + frame + ".", "ratio");
        }
        if (frame == null && request.shape() != null && request.shape().pick(m.ratios(r.resolution())).isEmpty()) {
            // the film's chosen shape is not one Runway makes with this model: nothing is sent that it would refuse
            throw refused(r.model().label() + " at " + r.resolution() + " makes no " + request.shape().label()
                    + " clips (its frames: " + String.join(", ", m.ratios(r.resolution())) + ").", "ratio");
        }
        String prompt = blankToNull(request.prompt());
        if (prompt == null && m.promptRequired()) {
            throw refused(r.model().label() + " needs a caption describing what should happen in every photo.",
                    "promptText");
        }
        if (prompt != null && prompt.length() > m.maxPromptUnits()) {
            // Runway counts UTF-16 code units: an emoji counts twice
            throw refused("The caption is too long for " + r.model().label() + " (" + prompt.length() + " of "
                    + m.maxPromptUnits() + " units; emoji count twice). Please shorten it.", "promptText");
        }
    }

    private HttpUrl taskUrl(String taskId) {
        if (taskId == null || !TASK_ID.matcher(taskId).matches()) {
            throw RunwayErrors.problem(Problem.TASK_UNKNOWN).raw("runway:bad_task_id")
                    .message("Runway has no such task.").build();
        }
        return url("v1/tasks").newBuilder().addPathSegment(taskId).build();
    }

    private JsonReply send(Request request) {
        try {
            return api.execute(request);
        } catch (SendFailure f) {
            throw transientFailure(f);
        }
    }

    /** {@code retry-after-ms} (Runway's SDK reads it first) or {@code Retry-After} . */
    private Duration retryAfter(JsonReply reply) {
        String ms = reply.header("retry-after-ms");
        if (ms != null) {
            try {
                long v = Long.parseLong(ms.trim());
                if (v >= 0) {
                    return Duration.ofMillis(v);
                }
            } catch (NumberFormatException ignored) {
                // fall back to Retry-After
            }
        }
        return RetryAfter.parse(reply.header("Retry-After"), clock);
    }

    private static String apiKey(Credentials credentials) {
        return secret(credentials, API_KEY);
    }

    private static Request.Builder authed(Request.Builder b, String key) {
        return b.header("Authorization", "Bearer " + key).header("X-Runway-Version", API_VERSION);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static ProviderException refused(String message, String field) {
        return RunwayErrors.problem(Problem.INPUT_REFUSED).raw("client_validation").field(field).message(message)
                .build();
    }

    private static ProviderException transientFailure(SendFailure f) {
        return RunwayErrors.problem(Problem.PROVIDER_TROUBLE).raw("network").cause(f)
                .message("Runway could not be reached; retrying shortly.").build();
    }

    private static ProviderException ambiguous(Exception cause) {
        return RunwayErrors.problem(Problem.OUTCOME_UNKNOWN).raw("runway:ambiguous").cause(cause)
                .message("Runway did not confirm whether the clip was started, and it cannot be asked. It is not "
                        + "sent again automatically, to avoid paying twice; check the tasks of your Runway account "
                        + "before retrying.").build();
    }
}
