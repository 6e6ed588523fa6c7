package io.storyreel.core.generation;

/**
 * The attempt that counts at one position of a film, as the conversation needs it: {@code ref} names this attempt
 * on a button (so a second press of a retry or redo button, after the first made a new attempt, is stale), and
 * {@code payerKey} is whose keys make and follow it.
 */
public record CurrentClip(String ref, int position, ClipState state, String payerKey) {
}
