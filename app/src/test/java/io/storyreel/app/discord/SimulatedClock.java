package io.storyreel.app.discord;

import io.storyreel.sim.discord.FakeDiscord;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The fake Discord's time (system time plus whatever the test advanced), shared by the bot and the provider simulator
 * so that aging interaction tokens also ages provider tasks and signed requests consistently.
 */
final class SimulatedClock extends Clock {
    private final FakeDiscord discord;

    SimulatedClock(FakeDiscord discord) {
        this.discord = discord;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return discord.now();
    }
}
