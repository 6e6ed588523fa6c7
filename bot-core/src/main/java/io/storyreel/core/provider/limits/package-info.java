/**
 * Client-side request pacing per provider account: how many create requests per minute ({@link
 * io.storyreel.core.provider.limits.RequestRate}) on an injectable clock. Accounts are identified by a hash of the
 * key, never the key itself ({@link io.storyreel.core.provider.limits.AccountId}). This only keeps us under the
 * provider's own limits; the provider's answer (Kling 1302, MiniMax 1002) stays the authority. How many tasks an
 * account has in flight is the engine's durable slot count, not a client-side one.
 */
package io.storyreel.core.provider.limits;
