package io.storyreel.sim.telegram;

/** A Telegram user the test acts as. {@code username} may be null. */
public record SimUser(long id, String firstName, String username) {
}
