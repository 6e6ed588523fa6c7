/** Kling's JSON shapes, exactly as sent and received; used only by {@code io.storyreel.core.provider.kling}. */
package io.storyreel.core.provider.kling.internal;
