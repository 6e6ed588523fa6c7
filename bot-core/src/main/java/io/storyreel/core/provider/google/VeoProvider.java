package io.storyreel.core.provider.google;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storyreel.core.download.SafeDownloader;
import io.storyreel.core.logging.SecretRegistry;
import io.storyreel.core.provider.CredentialField;
import io.storyreel.core.provider.Credentials;
import io.storyreel.core.provider.ErrorKind;
import io.storyreel.core.provider.GenerationRequest;
import io.storyreel.core.provider.Problem;
import io.storyreel.core.provider.ProviderContext;
import io.storyreel.core.provider.ProviderException;
import io.storyreel.core.provider.ProviderTaskRef;
import io.storyreel.core.provider.ReferenceImage;
import io.storyreel.core.provider.RequestValidator;
import io.storyreel.core.provider.TaskState;
import io.storyreel.core.provider.TaskStatus;
import io.storyreel.core.provider.google.internal.VeoCreateRequest;
import io.storyreel.core.provider.google.internal.VeoOperation;
import io.storyreel.core.provider.http.CreateSender;
import io.storyreel.core.provider.http.HttpVideoProvider;
import io.storyreel.core.provider.http.JsonReply;
import io.storyreel.core.provider.http.Mp4Check;
import io.storyreel.core.provider.http.RetryAfter;
import io.storyreel.core.provider.http.SendFailure;
import io.storyreel.core.provider.limits.AccountId;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Google Veo on the Gemini API (spec providers-next §3). Thread-safe; the key comes with every call, in the
 * {@code x-goog-api-key} header (never in a URL, so it stays out of logs). A create is one {@code predictLongRunning}
 * with the photo inline, the last frame and reference images where the model takes them; the operation is polled
 * until {@code done}. Done with no video means Google's safety filter held it back: a content refusal, never retried.
 * The finished video is downloaded with the key, which is sent only to the API itself, never to the storage host a
 * redirect points to. There is no idempotency key, no lookup and no cancel: a create is sent again only after 429,
 * 500 or 503 (which prove nothing was made), and an unanswered one is AMBIGUOUS_SUBMIT.
 */
public final class VeoProvider extends HttpVideoProvider {
    public static final String ID = "google";
    public static final String API_KEY = "apiKey";

    private static final Logger log = LoggerFactory.getLogger(VeoProvider.class);
    private static final Pattern KEY_FORMAT = Pattern.compile("[A-Za-z0-9_\\-]{30,100}");
    private static final Pattern MODEL_ID = Pattern.compile("[a-z0-9][a-z0-9.\\-]{0,99}");
    private static final Pattern OPERATION = Pattern.compile("models/[a-z0-9][a-z0-9.\\-]*/operations/[A-Za-z0-9_\\-]+");
    /** Where a finished operation's inline video is noted; the bytes are fetched again at download. */
    static final String INLINE_VIDEO = "inline:";
    /** An operation answer that carries the video itself (base64) may be this large. */
    private static final int MAX_INLINE_ANSWER = 64 << 20;

    /** The key a Google user gives. */
    static final List<CredentialField> CREDENTIALS = List.of(new CredentialField(API_KEY, "Gemini API key"));

    public VeoProvider(ProviderContext context) {
        // the key is set per request, and on downloads only for the API's own host and path
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
        HttpUrl endpoint = url("v1beta/models/" + modelId(r.model().id()) + ":predictLongRunning");
        return create(key, endpoint, createBody(r, request), AccountId.of(key));
    }

    @Override
    protected String imageField() {
        return "image";
    }

    ObjectNode createBody(RequestValidator.Resolved r, GenerationRequest request) {
        VeoModel m = new VeoModel(r.model());
        List<VeoCreateRequest.ReferenceImage> refs = request.referenceImages().stream()
                .map(ref -> new VeoCreateRequest.ReferenceImage(inline(ref.bytes(), ref.mime()), "ASSET")).toList();
        VeoCreateRequest.Instance instance = new VeoCreateRequest.Instance(blankToNull(request.prompt()),
                inline(request.image(), request.imageMime()),
                request.endImage() == null ? null : inline(request.endImage(), request.endImageMime()), refs);
        VeoCreateRequest.Parameters parameters = new VeoCreateRequest.Parameters(VeoModel.aspectRatio(request),
                m.sendsResolution() ? r.resolution() : null, r.durationSeconds(),
                blankToNull(request.negativePrompt()), m.personGeneration(), 1);
        return withParameters(new VeoCreateRequest(List.of(instance), parameters), r, request);
    }

    private ProviderTaskRef create(String key, HttpUrl endpoint, ObjectNode body, String account) {
        return creates.send(account, VeoErrors.NAME,
                () -> authed(new Request.Builder().url(endpoint), key).post(api.oneShotJson(body)).build(),
                this::created, VeoProvider::transientFailure, VeoProvider::ambiguous);
    }

    /** 429, 500 and 503 prove no operation was made (spec §7); a proxy's 502 or 504 proves nothing. */
    private CreateSender.Outcome created(JsonReply reply) {
        if (reply.status() == 200) {
            String name = reply.hasJson() ? reply.json().path("name").asText("") : "";
            if (!OPERATION.matcher(name).matches()) {
                throw ambiguous(null); // accepted, but which operation was started is unknown
            }
            return new CreateSender.Outcome.Created(new ProviderTaskRef(ID, name, null));
        }
        ProviderException e = VeoErrors.fromHttp(reply.status(), reply.json(),
                RetryAfter.parse(reply.header("Retry-After"), clock));
        boolean provenNotCreated = VeoErrors.CREATE_REFUSED_RETRYABLE.contains(reply.status());
        if (!provenNotCreated && reply.status() >= 500) {
            throw ambiguous(e);
        }
        return new CreateSender.Outcome.Refused(e, provenNotCreated);
    }

    /** The Gemini API has no idempotency key and lists no operations: an unanswered create cannot be looked up. */
    @Override
    public ProviderTaskRef findByIdempotencyKey(Credentials credentials, String idempotencyKey) {
        throw VeoErrors.problem(Problem.OUTCOME_UNKNOWN).raw("veo:no_idempotency")
                .message("Google cannot be asked whether an unanswered request started a clip, so it is not sent "
                        + "again automatically. Check your Gemini API usage before retrying, to avoid paying twice.")
                .build();
    }

    // ---------------------------------------------------------------- poll

    /**
     * An operation not yet {@code done} is RUNNING: Veo tells no queue apart from the work and gives no progress, and
     * the operation exists from the create on.
     */
    @Override
    public TaskState poll(Credentials credentials, ProviderTaskRef task) {
        String key = apiKey(credentials);
        VeoOperation op;
        try {
            op = retrier.call(() -> operation(key, task.taskId(), send(get(key, task.taskId()))));
        } catch (ProviderException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return new TaskState(TaskStatus.EXPIRED, "not_found", -1, null, -1, e);
            }
            throw e;
        }
        return state(op);
    }

    private TaskState state(VeoOperation op) {
        if (!op.finished()) {
            return new TaskState(TaskStatus.RUNNING, "running", -1, null, -1, null);
        }
        if (op.error() != null) {
            return new TaskState(TaskStatus.FAILED, "error", -1, null, -1,
                    VeoErrors.operationFailed(op.error().code(), op.error().message()));
        }
        VeoOperation.Video video = op.firstVideo();
        if (video == null) {
            log.info("Veo operation {} finished with no video ({} filtered: {})", op.name(), op.filteredCount(),
                    op.filteredReasons());
            return new TaskState(TaskStatus.FAILED, "filtered", -1, null, -1, VeoErrors.filtered(op.filteredReasons()));
        }
        String ref = video.uri() != null && !video.uri().isBlank() ? video.uri() : INLINE_VIDEO + op.name();
        return new TaskState(TaskStatus.SUCCEEDED, "done", 100, ref, -1, null);
    }

    private Request get(String key, String operationName) {
        if (operationName == null || !OPERATION.matcher(operationName).matches()) {
            throw VeoErrors.problem(Problem.TASK_UNKNOWN).raw("veo:bad_operation")
                    .message("Google has no such Veo operation.").build();
        }
        return authed(new Request.Builder().url(url("v1beta/" + operationName)), key).get().build();
    }

    private VeoOperation operation(String key, String name, JsonReply reply) {
        if (reply.status() == 404) {
            throw VeoErrors.problem(Problem.TASK_UNKNOWN).raw("http:404").message("Google no longer has this Veo "
                    + "operation.").build();
        }
        if (reply.status() != 200 || !reply.hasJson()) {
            throw reply.status() == 200 ? VeoErrors.problem(Problem.PROVIDER_TROUBLE).raw("veo:empty")
                    .message("Google sent an incomplete answer; retrying.").build()
                    : VeoErrors.fromHttp(reply.status(), reply.json(), RetryAfter.parse(reply.header("Retry-After"),
                    clock));
        }
        try {
            return mapper.treeToValue(reply.json(), VeoOperation.class);
        } catch (Exception e) {
            throw VeoErrors.problem(Problem.UNEXPECTED_ANSWER).raw("veo:unreadable").cause(e)
                    .message("Google sent an answer this version cannot read.").build();
        }
    }

    // ---------------------------------------------------------------- download

    /**
     * {@code GET <video.uri>} with the key, which goes only to the Gemini API itself (its host, under
     * {@code /v1beta/}): a redirect to a signed storage link is followed without it. A video the operation carried inline is fetched again and written out.
     */
    @Override
    public void download(Credentials credentials, ProviderTaskRef task, TaskState finished, Path target) {
        String key = apiKey(credentials);
        String ref = finished.resultRef();
        if (ref != null && ref.startsWith(INLINE_VIDEO)) {
            writeInline(key, ref.substring(INLINE_VIDEO.length()), target);
            return;
        }
        HttpUrl link = ref == null ? null : HttpUrl.parse(ref);
        if (link == null) {
            throw VeoErrors.problem(Problem.UNEXPECTED_ANSWER).raw("veo:bad_uri")
                    .message("Google gave a video link this version cannot use.").build();
        }
        SafeDownloader.OriginHeaders withKey = SafeDownloader.OriginHeaders.of(url("v1beta/"),
                Headers.of("x-goog-api-key", key));
        try {
            retrier.call(() -> {
                downloader.download(link.toString(), target, withKey);
                return null;
            });
        } catch (ProviderException e) {
            if ("url_gone".equals(e.rawCode())) {
                // Google keeps generated videos for two days
                throw VeoErrors.problem(Problem.RESULT_GONE).raw("veo:video_gone").cause(e).message("Google no "
                        + "longer offers this clip for download (videos are kept for two days).").build();
            }
            throw e;
        }
    }

    private void writeInline(String key, String operationName, Path target) {
        VeoOperation op = retrier.call(() -> operation(key, operationName, executeLarge(get(key, operationName))));
        VeoOperation.Video video = op.firstVideo();
        if (video == null || video.encodedVideo() == null) {
            throw VeoErrors.problem(Problem.RESULT_GONE).raw("veo:video_gone")
                    .message("Google no longer offers this clip for download.").build();
        }
        Path tmp = null;
        try {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, ".download-", ".part");
            Files.write(tmp, Base64.getMimeDecoder().decode(video.encodedVideo()));
            String problem = Mp4Check.problem(tmp);
            if (problem != null) {
                throw VeoErrors.problem(Problem.DOWNLOAD_FAILED).kind(ErrorKind.UNKNOWN).raw("veo:inline_" + problem)
                        .message("Google sent a video that is not a complete MP4.").build();
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (IOException | IllegalArgumentException e) {
            throw VeoErrors.problem(Problem.DOWNLOAD_FAILED).raw("veo:inline_io").cause(e)
                    .message("The video could not be stored; trying again.").build();
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a stray .part file is never mistaken for the result
                }
            }
        }
    }

    private JsonReply send(Request request) {
        try {
            return api.execute(request);
        } catch (SendFailure f) {
            throw transientFailure(f);
        }
    }

    private JsonReply executeLarge(Request request) {
        try {
            return api.execute(request, MAX_INLINE_ANSWER);
        } catch (SendFailure f) {
            throw transientFailure(f);
        }
    }

    // ---------------------------------------------------------------- keys

    /**
     * Reading the default model's description ({@code GET /v1beta/models/{model}}) costs nothing and needs a valid
     * key; a 404 still proves the key was accepted (the model id is then out of date).
     */
    @Override
    public KeyCheck verifyKeys(Credentials credentials) {
        String key = credentials.get(API_KEY);
        if (key == null || !KEY_FORMAT.matcher(key.trim()).matches()) {
            return new KeyCheck(false, false, "A Gemini API key is one word of letters, digits, - and _ (it usually "
                    + "starts with AIza), from the API keys page of Google AI Studio.");
        }
        key = key.trim();
        SecretRegistry.register(key);
        String model = modelId(capabilities.defaultModel());
        try {
            JsonReply reply = api.execute(authed(new Request.Builder().url(url("v1beta/models/" + model)), key).get()
                    .build());
            if (reply.status() == 200) {
                return new KeyCheck(true, true, "Google accepted the key.");
            }
            ProviderException e = VeoErrors.fromHttp(reply.status(), reply.json(), null);
            if (e.kind() == ErrorKind.AUTH && e.problem() != Problem.ACCOUNT_PROBLEM) {
                return new KeyCheck(false, true, e.getMessage());
            }
            if (reply.status() == 404) {
                return new KeyCheck(true, true, "Google accepted the key, but does not offer the model " + model
                        + " to it.");
            }
            return new KeyCheck(true, false, "The key looks right, but Google could not check it just now.");
        } catch (SendFailure f) {
            return new KeyCheck(true, false, "The key looks right, but Google could not be reached to check it.");
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Every Veo model takes {@code aspectRatio} 16:9 or 9:16. */
    @Override
    public List<String> frameShapes(io.storyreel.core.provider.ModelSpec model,
                                    io.storyreel.core.provider.ModelSpec.Combination combination) {
        return VeoModel.ASPECT_RATIOS;
    }

    @Override
    protected void checkExtras(RequestValidator.Resolved r, GenerationRequest request) {
        VeoModel m = new VeoModel(r.model());
        modelId(r.model().id());
        if (request.cameraMove() != null) {
            throw refused("Veo takes camera moves inside the caption (\"slow dolly in\"), not as a setting.",
                    "camera_control");
        }
        if (request.endImage() != null && !r.model().takesEndFrame()) {
            throw refused(r.model().label() + " cannot end on a given last frame; choose Veo 3.1 or Veo 3.1 Fast.",
                    "lastFrame");
        }
        if (request.shape() != null && request.shape().pick(VeoModel.ASPECT_RATIOS).isEmpty()) {
            throw refused(r.model().label() + " makes 16:9 and 9:16 clips only, not " + request.shape().label() + ".",
                    "aspectRatio");
        }
        List<ReferenceImage> refs = request.referenceImages();
        if (!refs.isEmpty()) {
            if (refs.size() > m.maxReferenceImages()) {
                throw refused(m.maxReferenceImages() == 0 ? r.model().label() + " takes no reference images."
                        : r.model().label() + " takes at most " + m.maxReferenceImages() + " reference images.",
                        "referenceImages");
            }
            if (request.endImage() != null) {
                throw refused("Veo ignores a last frame when reference images are given; use one or the other.",
                        "lastFrame");
            }
            if (r.durationSeconds() != 8) {
                throw refused("Veo makes clips with reference images 8 seconds long only.", "durationSeconds");
            }
        }
    }

    /** A model id goes into the URL path: only the characters Google's ids use. */
    private static String modelId(String id) {
        if (id == null || !MODEL_ID.matcher(id).matches()) {
            throw refused("'" + id + "' is not a Veo model id.", "model");
        }
        return id;
    }

    private static String apiKey(Credentials credentials) {
        return secret(credentials, API_KEY);
    }

    private static Request.Builder authed(Request.Builder b, String key) {
        return b.header("x-goog-api-key", key);
    }

    private static VeoCreateRequest.InlineImage inline(byte[] bytes, String mime) {
        return new VeoCreateRequest.InlineImage(Base64.getEncoder().encodeToString(bytes),
                mime == null || mime.isBlank() ? "image/jpeg" : mime);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static ProviderException refused(String message, String field) {
        return VeoErrors.problem(Problem.INPUT_REFUSED).raw("client_validation").field(field).message(message).build();
    }

    private static ProviderException transientFailure(SendFailure f) {
        return VeoErrors.problem(Problem.PROVIDER_TROUBLE).raw("network").cause(f)
                .message("Google could not be reached; retrying shortly.").build();
    }

    private static ProviderException ambiguous(Exception cause) {
        return VeoErrors.problem(Problem.OUTCOME_UNKNOWN).raw("veo:ambiguous").cause(cause)
                .message("Google did not confirm whether the clip was started, and it cannot be asked. It is not "
                        + "sent again automatically, to avoid paying twice; check your Gemini API usage before "
                        + "retrying.").build();
    }
}
