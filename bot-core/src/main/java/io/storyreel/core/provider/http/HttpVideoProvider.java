package io.storyreel.core.provider.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.storyreel.core.logging.SecretRegistry;
import io.storyreel.core.provider.Capabilities;
import io.storyreel.core.provider.CostEstimate;
import io.storyreel.core.provider.CredentialField;
import io.storyreel.core.provider.Credentials;
import io.storyreel.core.provider.GenerationRequest;
import io.storyreel.core.provider.Problem;
import io.storyreel.core.provider.ProviderContext;
import io.storyreel.core.provider.ProviderException;
import io.storyreel.core.provider.ProviderTaskRef;
import io.storyreel.core.provider.RequestValidator;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.provider.limits.RequestRate;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.function.BiFunction;

/**
 * What every HTTP image-to-video client shares: its base URL and capabilities, a JSON client that never resends a
 * request behind our back (a create must not be paid twice), a plain downloader for the result's CDN link, retries with
 * backoff, the per-account request rate, request validation and image preparation before any call, and the order of a
 * submit (keys present, request valid, photo present, then the provider's create). A provider adds its
 * authentication, its wire format and its error codes. How many tasks an account has in flight is not counted here:
 * the engine holds one durable slot per task.
 */
public abstract class HttpVideoProvider implements VideoProvider {
    protected final HttpUrl baseUrl;
    protected final Capabilities capabilities;
    protected final Clock clock;
    protected final ObjectMapper mapper = new ObjectMapper();
    protected final JsonHttp api;
    protected final FileDownloader downloader;
    protected final Retrier retrier;
    protected final RequestRate rate;
    /** Sends creates for providers without an idempotency key (at most once unless proven refused). */
    protected final CreateSender creates;
    protected final ImagePreparer images = new ImagePreparer();
    /** Where the provider should POST status changes ({@code callback_url}), or null for none. */
    protected final String callbackUrl;

    /**
     * @param apiClient adds the provider's authentication to the API client (given the shared JSON mapper); the
     *                  downloader uses the context's client as it is, since result links are plain CDN URLs
     */
    protected HttpVideoProvider(ProviderContext context,
                                BiFunction<OkHttpClient.Builder, ObjectMapper, OkHttpClient.Builder> apiClient) {
        String base = context.baseUrl();
        this.callbackUrl = context.callbackUrl();
        this.baseUrl = HttpUrl.get(base.endsWith("/") ? base : base + "/");
        this.capabilities = context.capabilities();
        this.clock = context.clock();
        // a create must never be resent by OkHttp behind our back; the provider decides
        this.api = new JsonHttp(apiClient.apply(context.http().newBuilder(), mapper).retryOnConnectionFailure(false)
                .build(), mapper);
        this.downloader = new FileDownloader(context.downloads(), context.maxResultBytes(), clock);
        this.retrier = new Retrier(context.backoff(), context.sleeper());
        this.rate = new RequestRate(context.requestsPerMinute(), clock);
        this.creates = new CreateSender(api, retrier, rate);
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    /** The keys this provider needs, with their labels, in the order a user types them. */
    @Override
    public abstract List<CredentialField> credentials();

    @Override
    public final List<String> credentialFields() {
        return credentials().stream().map(CredentialField::name).toList();
    }

    @Override
    public CostEstimate estimate(GenerationRequest request) {
        return RequestValidator.estimate(capabilities, request);
    }

    @Override
    public GenerationRequest prepare(GenerationRequest request) {
        RequestValidator.Resolved r = RequestValidator.resolve(capabilities, request);
        checkExtras(r, request);
        return images.prepareImages(request, capabilities);
    }

    /**
     * Checks everything that can be checked without a call (keys given, combination valid, the provider's own rules,
     * a photo present), then {@link #create}s the task: a refusal here never costs anything.
     */
    @Override
    public final ProviderTaskRef submit(Credentials credentials, GenerationRequest request, String idempotencyKey) {
        credentialFields().forEach(credentials::require);
        RequestValidator.Resolved r = RequestValidator.resolve(capabilities, request);
        checkExtras(r, request);
        if (request.image() == null || request.image().length == 0) {
            throw ProviderException.problem(Problem.INPUT_REFUSED).provider(capabilities.displayName())
                    .message("The scene has no photo.").raw("client_validation").field(imageField()).build();
        }
        return create(credentials, r, request, idempotencyKey);
    }

    /**
     * Sends the create (at most once unless the provider's answer proves nothing was made) and returns the task.
     * Take a token from {@link #rate} before each send.
     */
    protected abstract ProviderTaskRef create(Credentials credentials, RequestValidator.Resolved resolved,
                                              GenerationRequest request, String idempotencyKey);

    /** The provider's own checks beyond the capability table (refuse with INVALID_INPUT and a reason). */
    protected abstract void checkExtras(RequestValidator.Resolved resolved, GenerationRequest request);

    /** The request field that carries the start image, named in a refusal. */
    protected abstract String imageField();

    protected HttpUrl url(String path) {
        return baseUrl.resolve(path);
    }

    /** The key {@code field} of {@code credentials} (required), registered as a secret so no log line shows it. */
    protected static String secret(Credentials credentials, String field) {
        String key = credentials.require(field);
        SecretRegistry.register(key);
        return key;
    }

    /** An image as a {@code data:<mime>;base64,…} URI (JPEG when the type is not given). */
    protected static String dataUri(byte[] bytes, String mime) {
        String m = mime == null || mime.isBlank() ? "image/jpeg" : mime;
        return "data:" + m + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }
}
