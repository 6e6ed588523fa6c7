/**
 * The MiniMax (Hailuo) image-to-video client ({@link io.storyreel.core.provider.minimax.MiniMaxProvider}), installed
 * by {@link io.storyreel.core.provider.minimax.MiniMaxProviderFactory}: Bearer key, create, query,
 * {@code files/retrieve} and download with the backup URL, callback bodies with the challenge handshake, and
 * {@code base_resp} codes (which often arrive with HTTP 200) mapped to the error taxonomy. MiniMax has no idempotency
 * key, so a create whose answer was lost is reported as ambiguous, never sent again. Wire DTOs live in
 * {@code internal}. Follows {@code shared/specs/providers.md} §2 only.
 */
package io.storyreel.core.provider.minimax;
