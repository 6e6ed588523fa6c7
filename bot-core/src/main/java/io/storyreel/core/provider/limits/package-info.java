/**
 * Client-side limits per provider account: how many tasks may be in flight at once ({@link
 * io.storyreel.core.provider.limits.TaskSlots}) and how many create requests per minute ({@link
 * io.storyreel.core.provider.limits.RequestRate}), both on an injectable clock. Accounts are identified by a hash
 * of the key, never the key itself. These only keep us under the provider's own limits; the provider's answer
 * (Kling 1303, MiniMax 1002) stays the authority.
 */
package io.storyreel.core.provider.limits;
