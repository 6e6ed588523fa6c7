/**
 * The fal.ai client ({@link io.storyreel.core.provider.fal.FalProvider}), installed by
 * {@link io.storyreel.core.provider.fal.FalProviderFactory}: one key ({@code Authorization: Key …}) for the
 * image-to-video models fal hosts (Pika, Kling, Hailuo, Seedance, Wan), each a model of this one provider whose endpoint
 * and field names come from {@code providers/fal.yml}; fal's queue protocol (submit, status with the queue position,
 * result, cancel) on the follow-up URLs fal returns, kept as the task id so a restart can follow them; completion
 * webhooks believed only with a good Ed25519 signature; answers mapped to the error taxonomy. fal has no idempotency
 * key, so a submit whose answer was lost is reported as ambiguous, never sent again. Wire mapping lives in
 * {@code internal}. Follows {@code shared/specs/providers-next.md} §2 only.
 */
package io.storyreel.core.provider.fal;
