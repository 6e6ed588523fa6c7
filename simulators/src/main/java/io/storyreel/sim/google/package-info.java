/**
 * A faithful local Google Veo on the Gemini API (Storyreel's {@code google} provider), written from
 * {@code shared/specs/providers-next.md} §3 and its checklist §6.3 alone (never from the Storyreel client). Start it
 * with {@link io.storyreel.sim.google.VeoSimulator#start}; the model list and what the spec leaves open are set in
 * {@link io.storyreel.sim.google.VeoOptions}.
 *
 * <p>Wire: {@code POST /v1beta/models/{model}:predictLongRunning} → 200 {@code {"name":
 * "models/{model}/operations/{id}"}}; {@code GET /v1beta/models/{model}/operations/{id}} → {@code {"name"}} while it
 * runs ({@code done} left out), then {@code done: true} with {@code response.generateVideoResponse.generatedSamples[]
 * .video.uri}, or with {@code raiMediaFilteredCount} and {@code raiMediaFilteredReasons} and no samples (safety
 * filtering: done, no videos, not charged), or with {@code error: {code, message}}; {@code GET /v1beta/files/{id}:
 * download?alt=media} with the key → 302 to {@code /veo-storage/{id}.mp4?sig=…} (keyless, signed, one hour), which
 * serves the MP4 (1280×720, 1920×1080 or 3840×2160, turned for 9:16, 24 fps, with sound on Veo 3). A request with no
 * image is rendered from a gradient made from its prompt. {@code GET /v1beta/models} and
 * {@code GET /v1beta/models/{model}} describe the models for free (a key check needs no paid call). The key is taken from {@code x-goog-api-key} or
 * {@code ?key=}. Errors are Google's {@code {"error": {code, message, status, details?}}}: 400
 * {@code INVALID_ARGUMENT}, 403 {@code PERMISSION_DENIED} (no key), 404 {@code NOT_FOUND} (unknown model, operation,
 * file), 429 {@code RESOURCE_EXHAUSTED} (with {@code Retry-After} and a {@code RetryInfo} detail), 500
 * {@code INTERNAL}, 503 {@code UNAVAILABLE}.
 *
 * <p>Faults (the shared kit): {@code rateLimitNext} → 429; {@code serverErrorsNext} → 500 and 503 in turn;
 * {@code createTimesOutAfterCreating}; {@code failNextTask} → {@code done} with {@code error} (code 13 unless a
 * numeric {@code code} is given); {@code filterNextOutput} → done with no videos and its {@code reasons};
 * {@code taskDuration}; {@code holdNextTasks}; {@code truncateNextDownload}; {@code expireDownloadUrls} → 404;
 * {@code rejectNextAuth} → the wrong-key answer; {@code insufficientBalance} → 403 {@code PERMISSION_DENIED};
 * {@code createsPerMinute} → the per-model quota. {@code concurrencyLimit} is not used (the spec gives no concurrency
 * rule for the Gemini API).
 *
 * <p>Choices where the spec is UNKNOWN or UNCERTAIN: a wrong key is 400 {@code INVALID_ARGUMENT} with reason
 * {@code API_KEY_INVALID} (403 switchable); a missing key is 403 with Google's "unregistered callers" sentence;
 * {@code seed}, {@code generateAudio}, {@code fps}, {@code compressionQuality}, {@code mask}, {@code outputGcsUri},
 * {@code storageUri} and {@code pubsubTopic} are refused with 400 (ignoring them is switchable); {@code gcsUri}
 * images are refused; {@code done} is left out while running ({@code false} switchable); the video comes as a
 * {@code uri} (inline {@code encodedVideo} switchable) and is downloaded through a redirect (direct switchable);
 * files live 2 days (the settings' {@code urlLifetime} changes it); a failed operation's error has no {@code status}
 * string; the filtered reason's wording; the quota is 10 requests a minute per key for preview models and 50 for the
 * others; a body over 20 MB is refused; "no credit" is 403 {@code PERMISSION_DENIED} (the spec's "free tier has no
 * Veo"); only operations that returned videos are charged; the catalogue's choices are listed on
 * {@code VeoModel.defaults}, the validation's on {@code VeoRequest}. Not simulated: video extension, cancellation
 * (the Gemini API has none), operation {@code metadata}.
 */
package io.storyreel.sim.google;
