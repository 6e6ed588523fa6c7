package io.storyreel.app;

import io.storyreel.app.runtime.StoryreelRuntime;
import io.storyreel.core.config.ConfigException;
import io.storyreel.core.config.StoryreelConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the bot against Telegram and/or Discord until stopped (Ctrl-C or SIGTERM: it then takes no "
                + "new work, gives running steps shutdown.grace-seconds to finish, and exits; what is left is taken "
                + "over by another worker or by the next start).",
                "Tokens come from STORYREEL_TELEGRAM_TOKEN and STORYREEL_DISCORD_TOKEN (or the config file). "
                        + "Every base URL defaults to the real service and can point at any faithful stand-in."})
final class RunCommand implements Callable<Integer> {
    /** What closing needs besides the running steps' grace: the chats' last answers, the adapters, the database. */
    static final Duration EXIT_MARGIN = Duration.ofSeconds(15);

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
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM (systemctl stop, docker stop, Process.destroy) or Ctrl-C: the hook holds the JVM open while the
        // runtime drains, at most the grace plus the adapters' and the database's own closing, then lets it exit
        Duration deadline = config.shutdown().grace().plus(EXIT_MARGIN);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                if (!stopped.await(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                    System.err.println("storyreel: still stopping after " + deadline.toSeconds() + " s; exiting now");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "storyreel-shutdown"));
        try (StoryreelRuntime rt = StoryreelRuntime.start(config, System.getenv(), Clock.systemUTC(),
                StoryreelRuntime.Tweaks.none())) {
            System.err.println("storyreel: running (role " + config.role() + "). Ctrl-C stops; running work gets "
                    + config.shutdown().grace().toSeconds() + " s to finish.");
            stop.await();
        } finally {
            stopped.countDown();
        }
        return 0;
    }
}
