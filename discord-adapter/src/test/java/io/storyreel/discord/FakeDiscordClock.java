package io.storyreel.discord;

import io.storyreel.sim.discord.FakeDiscord;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The bot's clock follows the fake Discord's, so advancing the fake by 15 minutes ages the bot's tokens too. */
final class FakeDiscordClock extends Clock {
    private final FakeDiscord discord;

    FakeDiscordClock(FakeDiscord discord) {
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
