/** The Gemini API's Veo JSON shapes, exactly as sent and received; used only by {@code io.storyreel.core.provider.google}. */
package io.storyreel.core.provider.google.internal;
