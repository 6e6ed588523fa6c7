/**
 * The Kling AI image-to-video client ({@link io.storyreel.core.provider.kling.KlingProvider}), installed by
 * {@link io.storyreel.core.provider.kling.KlingProviderFactory}: HS256 JWT minted from the user's access and secret
 * key, create with {@code external_task_id} as our idempotency key, poll, streaming download, callback bodies, and the
 * mapping of Kling's codes to the error taxonomy. Wire DTOs live in {@code internal} and never leave this package.
 * Follows {@code shared/specs/providers.md} §1 only.
 */
package io.storyreel.core.provider.kling;
