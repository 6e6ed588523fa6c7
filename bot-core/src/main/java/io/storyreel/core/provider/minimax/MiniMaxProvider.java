package io.storyreel.core.provider.minimax;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.core.logging.SecretRegistry;
import io.storyreel.core.provider.Backoff;
import io.storyreel.core.provider.CredentialField;
import io.storyreel.core.provider.Credentials;
import io.storyreel.core.provider.ErrorKind;
import io.storyreel.core.provider.GenerationRequest;
import io.storyreel.core.provider.Problem;
import io.storyreel.core.provider.ProviderContext;
import io.storyreel.core.provider.ProviderException;
import io.storyreel.core.provider.ProviderTaskRef;
import io.storyreel.core.provider.RequestValidator;
import io.storyreel.core.provider.TaskState;
import io.storyreel.core.provider.TaskStatus;
import io.storyreel.core.provider.http.HttpVideoProvider;
import io.storyreel.core.provider.http.JsonReply;
import io.storyreel.core.provider.http.RetryAfter;
import io.storyreel.core.provider.http.SendFailure;
import io.storyreel.core.provider.limits.AccountId;
import io.storyreel.core.provider.minimax.internal.MiniMaxCreateRequest;
import io.storyreel.core.provider.minimax.internal.MiniMaxReplies;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * MiniMax Hailuo image-to-video (spec §2). Thread-safe; the key comes with every call. Every answer is checked for
 * both the HTTP status and {@code base_resp.status_code}. There is no idempotency key: a create is sent again only
 * when MiniMax answered with a code proving it made nothing; a create without an answer is AMBIGUOUS_SUBMIT.
 */
public final class MiniMaxProvider extends HttpVideoProvider {
    public static final String ID = "minimax";
    public static final String API_KEY = "apiKey";
    /** Optional; only legacy accounts need it on files/retrieve, and a wrong one causes 1004, so it is opt-in. */
    public static final String GROUP_ID = "groupId";

    private static final Logger log = LoggerFactory.getLogger(MiniMaxProvider.class);
    private static final Pattern KEY_FORMAT = Pattern.compile("[\\x21-\\x7e]{16,4096}");

    /** The key a MiniMax user gives. */
    static final List<CredentialField> CREDENTIALS = List.of(new CredentialField(API_KEY, "API key"));

    /**
     * The context's callback URL is where MiniMax should POST each task's status changes (spec §2.6; it must answer
     * MiniMax's challenge first).
     */
    public MiniMaxProvider(ProviderContext context) {
        // the key is set per request (it comes with every call); download URLs are pre-signed CDN links
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
        return "first_frame_image";
    }

    MiniMaxCreateRequest createBody(RequestValidator.Resolved r, GenerationRequest request) {
        return new MiniMaxCreateRequest(r.model().id(), request.prompt(),
                dataUri(request.image(), request.imageMime()),
                request.endImage() == null ? null : dataUri(request.endImage(), request.endImageMime()),
                r.durationSeconds(), r.resolution() == null ? null : r.resolution().toUpperCase(Locale.ROOT), true,
                callbackUrl);
    }

    private ProviderTaskRef create(String key, MiniMaxCreateRequest body, String account) {
        Backoff backoff = retrier.backoff();
        for (int attempt = 1; ; attempt++) {
            rate.acquire(account, retrier::pause, MiniMaxErrors.NAME);
            Request post = authed(new Request.Builder().url(url("v1/video_generation")), key)
                    .post(api.oneShotJson(body)).build();
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
            Duration retryAfter = RetryAfter.parse(reply.header("Retry-After"), clock);
            MiniMaxReplies.BaseResp base = baseResp(reply);
            String taskId = reply.hasJson() && reply.json().hasNonNull("task_id")
                    ? reply.json().get("task_id").asText() : "";
            if (base != null && base.code() == 0) {
                if (reply.status() == 200 && !taskId.isBlank()) {
                    return new ProviderTaskRef(ID, taskId, null);
                }
                throw ambiguous(null); // "success" without a task id: MiniMax may or may not have started one
            }
            if (base != null && base.code() == 2013 && body.callbackUrl() != null
                    && String.valueOf(base.statusMsg()).toLowerCase(Locale.ROOT).contains("callback")) {
                // our callback URL failed MiniMax's challenge, so no task was made: the clip goes on without it
                log.warn("MiniMax could not verify the callback URL ({}); creating the task without it",
                        base.statusMsg());
                body = body.withoutCallback();
                continue;
            }
            ProviderException e;
            boolean provenNotCreated;
            if (base != null) {
                e = MiniMaxErrors.fromCode(base.code(), base.statusMsg(), retryAfter);
                provenNotCreated = MiniMaxErrors.CREATE_REFUSED_RETRYABLE.contains(base.code());
            } else if (reply.status() == 429 || reply.status() == 401 || reply.status() == 403
                    || reply.status() == 400) {
                // refused at the door: nothing was made
                e = MiniMaxErrors.fromHttp(reply.status(), retryAfter);
                provenNotCreated = reply.status() == 429;
            } else {
                // a 5xx (or anything else) without base_resp proves nothing either way
                throw ambiguous(null);
            }
            if (!provenNotCreated || attempt >= backoff.maxAttempts()) {
                throw e;
            }
            retrier.pause(backoff.delayAfter(attempt, e.retryAfter().orElse(null)));
        }
    }

    /** MiniMax has no idempotency key: it cannot tell whether an unanswered create made a task. */
    @Override
    public ProviderTaskRef findByIdempotencyKey(Credentials credentials, String idempotencyKey) {
        throw MiniMaxErrors.problem(Problem.OUTCOME_UNKNOWN).raw("minimax:no_idempotency")
                .message("MiniMax cannot be asked whether an unanswered request started a clip, so it is not sent "
                        + "again automatically. Check your MiniMax account before retrying, to avoid paying twice.")
                .build();
    }

    // ---------------------------------------------------------------- poll

    @Override
    public TaskState poll(Credentials credentials, ProviderTaskRef task) {
        String key = apiKey(credentials);
        return retrier.call(() -> query(key, task.taskId()));
    }

    private TaskState query(String key, String taskId) {
        HttpUrl u = url("v1/query/video_generation").newBuilder().addQueryParameter("task_id", taskId).build();
        JsonReply reply = send(authed(new Request.Builder().url(u), key).get().build());
        Duration retryAfter = RetryAfter.parse(reply.header("Retry-After"), clock);
        MiniMaxReplies.BaseResp base = baseResp(reply);
        if (base == null) {
            throw MiniMaxErrors.fromHttp(reply.status(), retryAfter);
        }
        MiniMaxReplies.Query q = read(reply.json(), MiniMaxReplies.Query.class);
        String raw = q.status() == null ? "" : q.status();
        if (base.code() != 0) {
            ProviderException e = MiniMaxErrors.fromCode(base.code(), base.statusMsg(), retryAfter);
            boolean callFailed = e.kind() == ErrorKind.AUTH || e.retryable();
            if (callFailed && !isFail(raw)) {
                throw e; // about this call, not the task: retried or reported
            }
            // a non-zero base_resp on a query, with or without "Fail", ends the task (e.g. 1026 on the image)
            return new TaskState(TaskStatus.FAILED, raw.isEmpty() ? "base_resp:" + base.code() : raw, -1, null, -1, e);
        }
        if (reply.status() != 200) {
            throw MiniMaxErrors.fromHttp(reply.status(), retryAfter);
        }
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "preparing", "queueing", "queued" -> new TaskState(TaskStatus.QUEUED, raw, -1, null, -1, null);
            case "processing" -> new TaskState(TaskStatus.RUNNING, raw, -1, null, -1, null);
            case "success" -> q.fileId() == null || q.fileId().isBlank()
                    ? new TaskState(TaskStatus.FAILED, raw, -1, null, -1, MiniMaxErrors.problem(Problem.UNEXPECTED_ANSWER)
                    .raw("minimax:no_file").message("MiniMax finished the clip but gave no file.").build())
                    : new TaskState(TaskStatus.SUCCEEDED, raw, 100, q.fileId(), -1, null);
            case "fail", "failed" -> new TaskState(TaskStatus.FAILED, raw, -1, null, -1,
                    MiniMaxErrors.problem(Problem.TASK_FAILED).raw("minimax:fail")
                            .message("MiniMax could not make this clip.").build());
            default -> new TaskState(TaskStatus.RUNNING, raw, -1, null, -1, null); // unknown word: keep polling
        };
    }

    private static boolean isFail(String status) {
        return status.equalsIgnoreCase("fail") || status.equalsIgnoreCase("failed");
    }

    // ---------------------------------------------------------------- download

    @Override
    public void download(Credentials credentials, ProviderTaskRef task, TaskState finished, Path target) {
        String key = apiKey(credentials);
        String groupId = credentials.get(GROUP_ID);
        ProviderException last = null;
        // the signed URLs live ~9 h; if both are gone, a second retrieve hands out fresh ones
        for (int round = 0; round < 2; round++) {
            MiniMaxReplies.File file = retrier.call(() -> retrieve(key, groupId, finished.resultRef()));
            List<String> urls = new ArrayList<>();
            if (file.downloadUrl() != null && !file.downloadUrl().isBlank()) {
                urls.add(file.downloadUrl());
            }
            if (file.backupDownloadUrl() != null && !file.backupDownloadUrl().isBlank()) {
                urls.add(file.backupDownloadUrl());
            }
            if (urls.isEmpty()) {
                throw MiniMaxErrors.problem(Problem.UNEXPECTED_ANSWER).raw("minimax:no_url")
                        .message("MiniMax gave no download link for the clip.").build();
            }
            boolean allGone = true;
            for (String u : urls) {
                try {
                    retrier.call(() -> {
                        downloader.download(u, target);
                        return null;
                    });
                    return;
                } catch (ProviderException e) {
                    last = e;
                    allGone &= "url_gone".equals(e.rawCode());
                }
            }
            if (!allGone) {
                throw last;
            }
        }
        throw MiniMaxErrors.problem(Problem.RESULT_GONE).raw("minimax:video_gone").cause(last)
                .message("MiniMax no longer offers this clip for download.").build();
    }

    /**
     * {@code files/retrieve}, with the Group ID when the user gave one. A Group ID the key does not belong to is
     * refused with 1004 "token not match group" (spec §2.2) although the key is fine and the clip is paid for: the
     * call is then made once more without it, which current accounts need anyway.
     */
    private MiniMaxReplies.File retrieve(String key, String groupId, String fileId) {
        try {
            return retrieveOnce(key, groupId, fileId);
        } catch (ProviderException e) {
            if (groupId == null || groupId.isBlank() || e.kind() != ErrorKind.AUTH) {
                throw e;
            }
            log.info("MiniMax refused the Group ID on a download ({}); retrying without it", e.rawCode());
            return retrieveOnce(key, null, fileId);
        }
    }

    private MiniMaxReplies.File retrieveOnce(String key, String groupId, String fileId) {
        HttpUrl.Builder u = url("v1/files/retrieve").newBuilder().addQueryParameter("file_id", fileId);
        if (groupId != null && !groupId.isBlank()) {
            u.addQueryParameter("GroupId", groupId);
        }
        JsonReply reply = send(authed(new Request.Builder().url(u.build()), key).get().build());
        Duration retryAfter = RetryAfter.parse(reply.header("Retry-After"), clock);
        MiniMaxReplies.BaseResp base = baseResp(reply);
        if (base == null) {
            throw MiniMaxErrors.fromHttp(reply.status(), retryAfter);
        }
        if (base.code() != 0) {
            throw MiniMaxErrors.fromCode(base.code(), base.statusMsg(), retryAfter);
        }
        MiniMaxReplies.Retrieved r = read(reply.json(), MiniMaxReplies.Retrieved.class);
        if (r.file() == null) {
            throw MiniMaxErrors.problem(Problem.PROVIDER_TROUBLE).raw("minimax:no_file")
                    .message("MiniMax sent an incomplete answer; retrying.").build();
        }
        return r.file();
    }

    // ---------------------------------------------------------------- keys

    /**
     * MiniMax offers no account call; a query of a task id that cannot exist is free (queries are not billed nor,
     * per the docs, counted in the create RPM) and still checks the key: 2049/1004 mean a bad key, any other
     * answer means MiniMax accepted it.
     */
    @Override
    public KeyCheck verifyKeys(Credentials credentials) {
        String key = credentials.get(API_KEY);
        if (key == null || !KEY_FORMAT.matcher(key).matches()) {
            return new KeyCheck(false, false, "A MiniMax API key is one long line without spaces (it often starts "
                    + "with eyJ or sk-), as shown on the MiniMax platform's API keys page.");
        }
        SecretRegistry.register(key);
        HttpUrl u = url("v1/query/video_generation").newBuilder().addQueryParameter("task_id", "0").build();
        try {
            JsonReply reply = api.execute(authed(new Request.Builder().url(u), key).get().build());
            MiniMaxReplies.BaseResp base = baseResp(reply);
            ProviderException e = base != null && base.code() != 0 ? MiniMaxErrors.fromCode(base.code(),
                    base.statusMsg(), null) : base == null && reply.status() != 200
                    ? MiniMaxErrors.fromHttp(reply.status(), null) : null;
            if (e != null && e.kind() == ErrorKind.AUTH) {
                return new KeyCheck(false, true, e.getMessage());
            }
            if (e != null && (e.kind() == ErrorKind.TRANSIENT || e.kind() == ErrorKind.RATE_LIMITED)) {
                return new KeyCheck(true, false, "The key looks right, but MiniMax could not check it just now.");
            }
            return new KeyCheck(true, true, "MiniMax accepted the key.");
        } catch (SendFailure f) {
            return new KeyCheck(true, false, "The key looks right, but MiniMax could not be reached to check it.");
        }
    }

    // ---------------------------------------------------------------- helpers

    @Override
    protected void checkExtras(RequestValidator.Resolved r, GenerationRequest request) {
        if (request.cameraMove() != null) {
            throw refused("MiniMax takes camera moves inside the caption, like [Push in], not as a separate setting.",
                    "camera_control");
        }
        if (request.endImage() != null) {
            Object allowed = r.model().extra().get("endFrame");
            boolean ok = allowed instanceof List<?> l && l.stream()
                    .anyMatch(o -> String.valueOf(o).equalsIgnoreCase(r.resolution()));
            if (!ok) {
                throw refused(r.model().label() + " cannot use an end frame"
                        + (r.resolution() == null ? "." : " at " + r.resolution() + "."), "last_frame_image");
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

    private static MiniMaxReplies.BaseResp baseResp(JsonReply reply) {
        if (!reply.hasJson()) {
            return null;
        }
        JsonNode b = reply.json().get("base_resp");
        if (b == null || !b.isObject() || !b.hasNonNull("status_code")) {
            return null;
        }
        return new MiniMaxReplies.BaseResp(b.get("status_code").asInt(), b.path("status_msg").asText(""));
    }

    private <T> T read(JsonNode json, Class<T> type) {
        try {
            return mapper.treeToValue(json, type);
        } catch (Exception e) {
            throw MiniMaxErrors.problem(Problem.UNEXPECTED_ANSWER).raw("minimax:unreadable").cause(e)
                    .message("MiniMax sent an answer this version cannot read.").build();
        }
    }

    private static String apiKey(Credentials credentials) {
        return secret(credentials, API_KEY);
    }

    private static Request.Builder authed(Request.Builder b, String key) {
        return b.header("Authorization", "Bearer " + key);
    }

    private static ProviderException refused(String message, String field) {
        return MiniMaxErrors.problem(Problem.INPUT_REFUSED).raw("client_validation").field(field).message(message)
                .build();
    }

    private static ProviderException transientFailure(SendFailure f) {
        return MiniMaxErrors.problem(Problem.PROVIDER_TROUBLE).raw("network").cause(f)
                .message("MiniMax could not be reached; retrying shortly.").build();
    }

    private static ProviderException ambiguous(Exception cause) {
        return MiniMaxErrors.problem(Problem.OUTCOME_UNKNOWN).raw("minimax:ambiguous").cause(cause)
                .message("MiniMax did not confirm whether the clip was started, and it cannot be asked. It is not "
                        + "sent again automatically, to avoid paying twice; check your MiniMax account before "
                        + "retrying.").build();
    }
}
