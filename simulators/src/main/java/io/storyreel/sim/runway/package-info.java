/**
 * A faithful local Runway API, written from {@code shared/specs/providers-next.md} §1 and its checklist §6.1 alone
 * (never from the Storyreel client). Start it with {@link io.storyreel.sim.runway.RunwaySimulator#start}; what the
 * spec leaves open is set in {@link io.storyreel.sim.runway.RunwayOptions}.
 *
 * <p>Wire: {@code POST /v1/image_to_video} → 200 {@code {"id": <uuid>, "estimatedCost": {"credits": n}}};
 * {@code GET /v1/tasks/{id}} → {@code PENDING | THROTTLED | RUNNING (progress 0–1) | SUCCEEDED (output[], cost) |
 * FAILED (failure, failureCode) | CANCELLED}, camelCase, {@code createdAt} ISO-8601 with milliseconds and {@code Z};
 * {@code DELETE /v1/tasks/{id}} → 204, afterwards 404 {@code {"error":"Could not find Task"}} (as for an unknown id);
 * {@code GET /v1/organization}. Errors: 400 {@code {"error":"Validation of body failed","issues":[…],"docUrl":…}}
 * with zod 4 codes and wording, bare {@code {"error": sentence}} otherwise; 401 bad key; 404; 405; 429; 502/503/504.
 * Output MP4s are served at {@code /runway-output/<task>/<file>.mp4?_jwt=<HS256 token>}: expired or forged tokens
 * answer 403 (CloudFront-style XML).
 *
 * <p>Faults (the shared kit): {@code rateLimitNext} → 429 with {@code Retry-After}; {@code serverErrorsNext} → 502, 503,
 * 504 in turn on any API call; {@code createTimesOutAfterCreating}; {@code failNextTask} with an optional
 * {@code code} as {@code failureCode} (default {@code SAFETY.OUTPUT.VIDEO}); {@code filterNextOutput} →
 * {@code SAFETY.OUTPUT.VIDEO}; {@code taskDuration}; {@code holdNextTasks} → {@code THROTTLED} for a while;
 * {@code concurrencyLimit} → tasks beyond it per key and model wait in {@code THROTTLED} (they are never refused);
 * {@code truncateNextDownload}; {@code expireDownloadUrls} → 403; {@code rejectNextAuth} → 401;
 * {@code insufficientBalance} → "You do not have enough credits to run this task.".
 *
 * <p>Choices where the spec is UNKNOWN or UNCERTAIN (the switchable ones in {@link
 * io.storyreel.sim.runway.RunwayOptions}): a missing or different {@code X-Runway-Version} is 400 (switchable); the
 * 401 sentences ("Missing API key. Send it as Authorization: Bearer &lt;key&gt;.", "Invalid API key."); an unknown model
 * is one {@code invalid_value} issue listing every model, as observed; a missing enum is {@code invalid_value}, a
 * missing required string or number {@code invalid_type}; position rules beyond the spec's ("Each position may only be
 * used once.", "A first frame is required when a last frame is provided.", "Keyframe images (with a position) and
 * reference images (without a position) cannot be mixed.", at most 4 reference images, at most 2 keyframes);
 * {@code referenceAudio} needs a {@code promptText} ("promptText is required when referenceAudio is provided."; its
 * 15 s total is not checked); not-enough-credits is HTTP 400 (switchable); each key starts with 100,000 credits
 * (switchable), a running task holds back its estimate and only success is charged (SAFETY.INPUT failures too, when
 * switched on); the daily cap is 200 creates per model per key in a rolling 24 h, answered 429 "You have reached the
 * maximum number of generations per day for &lt;model&gt;. Try again later."; concurrency 2 tasks per model per key
 * (switchable); other 429 and 5xx sentences; {@code GET} after {@code DELETE} is 404 as observed ({@code CANCELLED}
 * switchable); the image fills {@code ratio} by centre crop (pad switchable); output URLs live 24 h (the settings'
 * {@code urlLifetime} changes it); {@code failure} texts per failure family; the catalogue's choices are listed on
 * {@code RunwayModel.catalogue}. Not simulated: {@code /v1/uploads} ({@code runway://} URIs are refused), text-to-video,
 * video-to-video, {@code X-Runway-On-Behalf-Of}.
 */
package io.storyreel.sim.runway;
