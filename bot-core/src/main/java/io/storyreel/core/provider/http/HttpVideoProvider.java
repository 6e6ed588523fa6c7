package io.storyreel.core.provider.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.storyreel.core.image.ImagePreparer;
import io.storyreel.core.provider.Capabilities;
import io.storyreel.core.provider.CostEstimate;
import io.storyreel.core.provider.GenerationRequest;
import io.storyreel.core.provider.RequestValidator;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.provider.limits.LimitSettings;
import io.storyreel.core.provider.limits.RequestRate;
import io.storyreel.core.provider.limits.TaskSlots;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

import java.time.Clock;
import java.time.Duration;
import java.util.function.BiFunction;

/**
 * What every HTTP image-to-video client shares: its base URL and capabilities, a JSON client that never resends a
 * request behind our back (a create must not be paid twice), a plain downloader for the result's CDN link, retries with
 * backoff, the per-account task slots and request rate, and request validation and image preparation before any call.
 * A provider adds its authentication, its wire format and its error codes.
 */
public abstract class HttpVideoProvider implements VideoProvider {
    private static final Duration STALE_SLOT = Duration.ofHours(2);

    protected final HttpUrl baseUrl;
    protected final Capabilities capabilities;
    protected final Clock clock;
    protected final ObjectMapper mapper = new ObjectMapper();
    protected final JsonHttp api;
    protected final FileDownloader downloader;
    protected final Retrier retrier;
    protected final TaskSlots slots;
    protected final RequestRate rate;
    protected final ImagePreparer images = new ImagePreparer();
    /** Where the provider should POST status changes ({@code callback_url}), or null for none. */
    protected final String callbackUrl;

    /**
     * @param apiClient   adds the provider's authentication to the API client (given the shared JSON mapper); the
     *                    downloader uses {@code http} as it is, since result links are plain CDN URLs
     * @param callbackUrl where the provider should POST status changes, or null for none
     */
    protected HttpVideoProvider(OkHttpClient http, String baseUrl, Capabilities capabilities, Clock clock,
                                LimitSettings limits, Sleeper sleeper, Backoff backoff, String callbackUrl,
                                BiFunction<OkHttpClient.Builder, ObjectMapper, OkHttpClient.Builder> apiClient) {
        this.callbackUrl = callbackUrl == null || callbackUrl.isBlank() ? null : callbackUrl;
        this.baseUrl = HttpUrl.get(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.capabilities = capabilities;
        this.clock = clock;
        // a create must never be resent by OkHttp behind our back; the provider decides
        this.api = new JsonHttp(apiClient.apply(http.newBuilder(), mapper).retryOnConnectionFailure(false).build(),
                mapper);
        this.downloader = new FileDownloader(http, clock);
        this.retrier = new Retrier(backoff, sleeper);
        this.slots = new TaskSlots(limits.maxConcurrentTasks(), STALE_SLOT, clock);
        this.rate = new RequestRate(limits.requestsPerMinute(), clock);
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
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

    /** The provider's own checks beyond the capability table (refuse with INVALID_INPUT and a reason). */
    protected abstract void checkExtras(RequestValidator.Resolved resolved, GenerationRequest request);

    protected HttpUrl url(String path) {
        return baseUrl.resolve(path);
    }
}
