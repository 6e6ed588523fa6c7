package io.storyreel.sim.runway;

import io.storyreel.sim.taskapi.ImageFetcher;
import io.storyreel.sim.taskapi.ProbedImage;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a {@code promptImage} URI into image bytes the way spec §1.3 describes Runway's asset rules: a data URI
 * (≤5 MB, JPEG/PNG/WebP), or an HTTPS URL on a domain name (no IP address, ≤2048 characters) that answers
 * {@code HEAD} with a valid {@code Content-Type} and {@code Content-Length}, is not a redirect (Runway does not follow
 * them), and is at most 16 MB. Each refusal is a {@code custom} issue with the documented sentence.
 *
 * <p>Choices where the spec gives no sentence: "Data URI exceeds the maximum size of 5 MB.", "URL exceeds the maximum
 * length of 2048 characters.", "Asset exceeds the maximum size of 16 MB.", a missing header is reported as
 * "Failed to fetch asset. The response is missing a valid Content-Type or Content-Length header.", and
 * {@code runway://} upload URIs (the uploads endpoint is not simulated) as "Failed to fetch asset. Upload not found.".
 */
final class RunwayAssets {

    static final int MAX_DATA_URI = 5 * 1024 * 1024;
    static final long MAX_URL_BYTES = 16L * 1024 * 1024;
    static final int MAX_URL_LENGTH = 2048;
    private static final Pattern DATA_URI = Pattern.compile("^data:([^;,]*)((?:;[^;,]*)*),(.*)$", Pattern.DOTALL);
    private static final Set<String> TYPES = Set.of("image/jpeg", "image/jpg", "image/png", "image/webp");
    private static final Pattern IP_HOST = Pattern.compile("^(\\d{1,3}(\\.\\d{1,3}){3}|\\[.*]|.*:.*)$");

    private final ImageFetcher fetcher = ImageFetcher.withoutRedirects(Duration.ofSeconds(10));
    private final boolean allowHttp;

    RunwayAssets(boolean allowHttp) {
        this.allowHttp = allowHttp;
    }

    /** The image at {@code uri}, or empty after adding the reason to {@code issues} at {@code path}. */
    Optional<ProbedImage> resolve(String uri, List<Object> path, RunwayIssues issues) {
        try {
            return Optional.of(load(uri));
        } catch (Refused r) {
            issues.custom(path, r.getMessage());
            return Optional.empty();
        }
    }

    private ProbedImage load(String uri) throws Refused {
        if (uri.startsWith("data:")) {
            return image(dataUri(uri));
        }
        if (uri.startsWith("runway://")) {
            throw new Refused("Failed to fetch asset. Upload not found.");
        }
        if (uri.length() > MAX_URL_LENGTH) {
            throw new Refused("URL exceeds the maximum length of " + MAX_URL_LENGTH + " characters.");
        }
        URI parsed;
        try {
            parsed = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new Refused("Only HTTPS URLs are allowed.");
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase();
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            throw new Refused("Only HTTPS URLs are allowed.");
        }
        if (parsed.getHost() == null || IP_HOST.matcher(parsed.getHost()).matches()) {
            throw new Refused("URLs must be hosted on a domain.");
        }
        try {
            ImageFetcher.Head head = fetcher.head(uri);
            if (head.status() != 200) {
                throw fetchStatus(head.status());
            }
            if (head.contentType().isEmpty() || head.contentLength().isEmpty()) {
                throw new Refused("Failed to fetch asset. The response is missing a valid Content-Type or "
                        + "Content-Length header.");
            }
            if (!TYPES.contains(head.contentType().get().split(";")[0].trim().toLowerCase())) {
                throw new Refused("Unsupported asset type.");
            }
            if (head.contentLength().get() > MAX_URL_BYTES) {
                throw new Refused("Asset exceeds the maximum size of 16 MB.");
            }
            return image(fetcher.fetch(uri, MAX_URL_BYTES));
        } catch (ImageFetcher.FetchFailed f) {
            throw f.timedOut() ? new Refused("Timeout while fetching asset.") : fetchStatus(f.status());
        } catch (IOException e) {
            throw new Refused("Failed to fetch asset. " + e.getMessage());
        }
    }

    private static Refused fetchStatus(int status) {
        return new Refused("Failed to fetch asset. Received HTTP response code \"" + status + "\".");
    }

    private static byte[] dataUri(String uri) throws Refused {
        if (uri.length() > MAX_DATA_URI) {
            throw new Refused("Data URI exceeds the maximum size of 5 MB.");
        }
        Matcher m = DATA_URI.matcher(uri);
        if (!m.matches() || !m.group(2).toLowerCase().contains(";base64")) {
            throw new Refused("Invalid data URI.");
        }
        if (!TYPES.contains(m.group(1).toLowerCase())) {
            throw new Refused("Unsupported asset type.");
        }
        try {
            return Base64.getDecoder().decode(m.group(3));
        } catch (IllegalArgumentException e) {
            throw new Refused("Invalid data URI.");
        }
    }

    private static ProbedImage image(byte[] bytes) throws Refused {
        return ProbedImage.probe(bytes).orElseThrow(() -> new Refused("Unsupported asset type."));
    }

    /** Why an asset was refused, in Runway's words. */
    private static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
