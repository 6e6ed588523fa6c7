/**
 * What the storyboard page (the {@code web} module) needs from core, and nothing the chat does not already do: who
 * is on the page ({@link io.storyreel.core.storyboard.SignIns}: one-time links and sessions, stored hashed), what the
 * page shows ({@link io.storyreel.core.storyboard.Board}), and every change the page makes, which goes through the
 * same {@link io.storyreel.core.conversation.Conversation} as a chat command ({@link
 * io.storyreel.core.storyboard.Storyboard}), so the checks, limits, payer rule and sentences are the chat's.
 */
package io.storyreel.core.storyboard;
