/**
 * What the HTTP provider clients share ({@link io.storyreel.core.provider.http.HttpVideoProvider}): retries paced by
 * the context's {@link io.storyreel.core.provider.Backoff} and {@link io.storyreel.core.provider.Sleeper} (so tests
 * never really wait), Retry-After parsing, JSON calls that tell "never sent" apart from "sent, outcome unknown",
 * streaming downloads that land atomically and are checked for truncation, and fitting photos to a provider's image
 * constraints ({@link io.storyreel.core.provider.http.ImagePreparer}). It knows no provider's wire format; each client
 * maps replies to the error taxonomy itself. Nothing outside {@code provider..} uses it.
 */
package io.storyreel.core.provider.http;
