package io.storyreel.app;

import io.storyreel.app.runtime.StoryreelRuntime;
import io.storyreel.core.config.ConfigException;
import io.storyreel.core.config.StoryreelConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the bot against Telegram and/or Discord until stopped (Ctrl-C).",
                "Tokens come from STORYREEL_TELEGRAM_TOKEN and STORYREEL_DISCORD_TOKEN (or the config file). "
                        + "Every base URL defaults to the real service and can point at any faithful stand-in."})
final class RunCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Override
    public Integer call() throws Exception {
        StoryreelConfig config = options.load(System.getenv());
        if (!config.telegram().enabled() && !config.discord().enabled()) {
            throw new ConfigException("telegram.token / discord.token: neither is set; set STORYREEL_TELEGRAM_TOKEN "
                    + "or STORYREEL_DISCORD_TOKEN (or try 'storyreel demo', which needs none)");
        }
        CountDownLatch stop = new CountDownLatch(1);
        try (StoryreelRuntime rt = StoryreelRuntime.start(config, System.getenv(), Clock.systemUTC(),
                StoryreelRuntime.Tweaks.none())) {
            System.err.println("storyreel: running (role " + config.role() + "). Ctrl-C stops.");
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        }
        return 0;
    }
}
