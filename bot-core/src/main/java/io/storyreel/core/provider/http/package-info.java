/**
 * HTTP plumbing shared by the provider clients: backoff as a strategy with an injectable {@link
 * io.storyreel.core.provider.http.Sleeper} (so tests never really wait), Retry-After parsing, JSON calls that tell
 * "never sent" apart from "sent, outcome unknown", and streaming downloads that land atomically and are checked
 * for truncation. It knows no provider's wire format; each client maps replies to the error taxonomy itself.
 */
package io.storyreel.core.provider.http;
