package io.storyreel.sim.discord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the fake knows of one interaction while its token lives: when it was created (the 3 s and 15 min clocks start
 * there), whether the bot acknowledged it in time, its original response, the modal it opened, the message whose
 * button started it, the suggestions that answered an autocomplete, and its follow-ups. Guarded by the world's monitor.
 */
final class InteractionState {
    final FakeDiscord.Interaction interaction;
    final Instant created;
    boolean acknowledged;
    /** Set when the bot answered too late: the token is dead from then on. */
    boolean invalid;
    Long original;
    FakeDiscord.Modal modal;
    Long sourceMessage;
    /** The suggestions the bot answered an autocomplete interaction with (callback type 8). */
    List<FakeDiscord.Choice> suggestions;
    final List<Long> followups = new ArrayList<>();

    InteractionState(FakeDiscord.Interaction interaction, Instant created) {
        this.interaction = interaction;
        this.created = created;
    }
}
