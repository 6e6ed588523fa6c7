/** MiniMax's JSON shapes, exactly as sent and received; used only by {@code io.storyreel.core.provider.minimax}. */
package io.storyreel.core.provider.minimax.internal;
