/**
 * A faithful local fal.ai queue with the image-to-video endpoints Storyreel uses, written from
 * {@code shared/specs/providers-next.md} §2 and its checklist §6.2 alone (never from the Storyreel client). Start it
 * with {@link io.storyreel.sim.fal.FalSimulator#start}; what the spec leaves open is set in
 * {@link io.storyreel.sim.fal.FalOptions}.
 *
 * <p>Endpoints ({@code FalModel.catalogue}): {@code fal-ai/pika/v2.2/image-to-video};
 * {@code fal-ai/kling-video/v2.5-turbo/{pro,standard}/image-to-video} (pro with {@code tail_image_url});
 * {@code fal-ai/kling-video/v3/{pro,standard}/image-to-video} ({@code start_image_url}, {@code end_image_url},
 * {@code generate_audio} on by default); {@code fal-ai/kling-video/v3/turbo/pro/image-to-video};
 * {@code fal-ai/kling-video/v4/image-to-video}; {@code fal-ai/minimax/hailuo-02/standard/image-to-video} (with
 * {@code end_image_url}); {@code fal-ai/minimax/hailuo-2.3{,-fast}/{standard,pro}/image-to-video};
 * {@code fal-ai/bytedance/seedance/v1.5/pro/image-to-video}, {@code bytedance/seedance-2.0/image-to-video} and
 * {@code …/fast/…} (with {@code end_image_url}); {@code fal-ai/wan/v2.7/image-to-video} (with {@code end_image_url});
 * {@code fal-ai/wan/v2.2-a14b/image-to-video}.
 *
 * <p>Wire: submit → 200 {@code {status:"IN_QUEUE", request_id, gateway_request_id, response_url, status_url,
 * cancel_url, queue_position}}, the URLs on {@code /{owner}/{alias}/requests/{id}}; status → {@code IN_QUEUE}
 * ({@code queue_position} counting down), {@code IN_PROGRESS} ({@code logs} with {@code logs=1}), {@code COMPLETED}
 * ({@code metrics.inference_time}; never FAILED); result → 200 {@code {"video":{url, content_type, file_name,
 * file_size}[, "seed"]}}, or 422 {@code {"detail":[{loc, msg, type, url, input}]}} with {@code X-Fal-Retryable}, or
 * 5xx {@code {"detail", "error_type"}} with {@code X-Fal-Error-Type}; cancel → 202 {@code CANCELLATION_REQUESTED},
 * {@code ALREADY_COMPLETED}, 404 {@code NOT_FOUND}; {@code x-fal-request-id} on every API answer; 401 for a missing or
 * wrong {@code Key}; 403 "User is locked. Reason: Exhausted balance. …" before anything is queued. Webhooks: one POST
 * per request on completion to {@code fal_webhook}, {@code {request_id, gateway_request_id, status:"OK"|"ERROR",
 * payload, error}}, signed (see {@code FalWebhookSigner}), retried on a non-2xx answer after 15 s, 30 s, 1, 2, 4, 8,
 * 15, 20, 30 and 40 minutes on the simulator's clock (about 2 hours), each attempt signed afresh.
 *
 * <p>Faults (the shared kit): {@code rateLimitNext} → 429 with {@code Retry-After} at submit; {@code serverErrorsNext}
 * → 503 {@code runner_scheduling_failure}, 504 {@code request_timeout}, 503 {@code runner_disconnected} in turn on any
 * API call; {@code createTimesOutAfterCreating}; {@code failNextTask} → 422 {@code content_policy_violation} (or the
 * {@code code}: infrastructure types give their 5xx, other types a 422 of that type); {@code filterNextOutput} →
 * {@code content_policy_violation} with {@code categories}; {@code taskDuration}; {@code holdNextTasks} →
 * {@code IN_QUEUE} with {@code queue_position} above 0 for a while; {@code concurrencyLimit} → requests beyond it wait
 * {@code IN_QUEUE} (no 429); {@code truncateNextDownload}; {@code expireDownloadUrls} → 404; {@code rejectNextAuth}
 * → 401; {@code insufficientBalance} → 403 locked.
 *
 * <p>Choices where the spec is UNKNOWN or UNCERTAIN (the switchable ones in {@link io.storyreel.sim.fal.FalOptions}):
 * invalid inputs are queued and complete with their 422 (switchable to 422 at submit); extra fields are ignored
 * (switchable); data URIs are taken in image fields (switchable); status answers 202 until {@code COMPLETED}, then
 * 200; a failed or cancelled request's {@code COMPLETED} status carries {@code error} and {@code error_type}; the full
 * endpoint path is answered too, with a logged warning (switchable); a result asked for too early is 400 "Request is
 * still in progress"; a cancel stops a queued request at once and a running one too (switchable), the request then
 * completing with 400 {@code {"detail":"Request was cancelled.","error_type":"request_cancelled"}} and an ERROR
 * webhook; {@code ALREADY_COMPLETED} is 400 (switchable to 409); the SSE status stream is not simulated (404);
 * concurrency 2 per key; outputs live 7 days unless {@code X-Fal-Object-Lifecycle-Preference} says otherwise, then
 * answer 404; only successful requests are charged (validation errors, content-policy failures, 5xx and cancelled
 * requests are not); 401 and 429 sentences; {@code payload_error} is never sent; the model catalogue's own choices are
 * listed on {@code FalModel.catalogue} and {@code FalInput}.
 */
package io.storyreel.sim.fal;
