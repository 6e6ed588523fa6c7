/**
 * fal's request JSON, built per model from the catalogue's field names; used only by
 * {@code io.storyreel.core.provider.fal}.
 */
package io.storyreel.core.provider.fal.internal;
