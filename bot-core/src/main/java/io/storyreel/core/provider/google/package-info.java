/**
 * The Google Veo client on the Gemini API ({@link io.storyreel.core.provider.google.VeoProvider}, provider id
 * {@code google}), installed by {@link io.storyreel.core.provider.google.VeoProviderFactory}: the key in
 * {@code x-goog-api-key}, {@code predictLongRunning} with the photo inline (and the last frame and reference images
 * where the model takes them), aspect ratio from the photo, resolution, duration and negative prompt; the operation
 * polled until {@code done}; "done with no video" (safety filtering) as a content refusal; the video downloaded with
 * the key, which never goes to the storage host a redirect points to; prices per second from the catalogue. No
 * callbacks, no cancel, no idempotency key: a create whose answer was lost is reported as ambiguous, never sent
 * again. Veo's model ids change often, so they are the catalogue's ({@code providers/google.yml}); wire DTOs live in
 * {@code internal}. Follows {@code shared/specs/providers-next.md} §3 only.
 */
package io.storyreel.core.provider.google;
