package io.storyreel.discord;

import discord4j.core.event.domain.interaction.DeferrableInteractionEvent;

import java.time.Instant;

/** One interaction the bot acknowledged; {@code awaitingAnswer} while its deferred reply still "thinks". */
final class Slot {
    final DeferrableInteractionEvent event;
    final Instant received;
    final boolean ephemeral;
    volatile boolean awaitingAnswer;

    Slot(DeferrableInteractionEvent event, Instant received, boolean ephemeral, boolean awaitingAnswer) {
        this.event = event;
        this.received = received;
        this.ephemeral = ephemeral;
        this.awaitingAnswer = awaitingAnswer;
    }
}
