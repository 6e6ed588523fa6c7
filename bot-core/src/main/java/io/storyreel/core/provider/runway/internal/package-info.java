/** Runway's JSON shapes, exactly as sent and received; used only by {@code io.storyreel.core.provider.runway}. */
package io.storyreel.core.provider.runway.internal;
