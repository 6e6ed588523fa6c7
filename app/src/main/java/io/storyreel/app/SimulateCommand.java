package io.storyreel.app;

import io.storyreel.sim.discord.FakeDiscord;
import io.storyreel.sim.fal.FalOptions;
import io.storyreel.sim.fal.FalSimulator;
import io.storyreel.sim.kling.KlingSimulator;
import io.storyreel.sim.minimax.MiniMaxSimulator;
import io.storyreel.sim.runway.RunwayOptions;
import io.storyreel.sim.runway.RunwaySimulator;
import io.storyreel.sim.taskapi.SimSettings;
import io.storyreel.sim.telegram.FakeTelegramServer;
import io.storyreel.sim.google.VeoOptions;
import io.storyreel.sim.google.VeoSimulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the Kling, MiniMax, Runway, fal.ai, Google Veo, Telegram Bot API and Discord simulators on "
                + "127.0.0.1 until stopped (Ctrl-C). Prints each base URL and the keys it accepts.",
                "Faults can be injected while it runs: POST /__admin/faults on a provider simulator, e.g. "
                        + "{\"rule\":\"rateLimitNext\",\"count\":2,\"retryAfterSeconds\":1}."})
final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--kling-port", description = "Kling simulator port (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int klingPort = 8701;

    @Option(names = "--minimax-port", description = "MiniMax simulator port (default: ${DEFAULT-VALUE}).")
    int minimaxPort = 8702;

    @Option(names = "--runway-port", description = "Runway simulator port (default: ${DEFAULT-VALUE}).")
    int runwayPort = 8705;

    @Option(names = "--fal-port", description = "fal.ai queue simulator port (default: ${DEFAULT-VALUE}).")
    int falPort = 8706;

    @Option(names = "--google-port", description = "Google Veo (Gemini API) simulator port (default: ${DEFAULT-VALUE}).")
    int googlePort = 8707;

    @Option(names = "--telegram-port", description = "Fake Telegram Bot API port (default: ${DEFAULT-VALUE}).")
    int telegramPort = 8703;

    @Option(names = "--discord-port", description = "Fake Discord REST + gateway port (default: ${DEFAULT-VALUE}).")
    int discordPort = 8704;

    @Option(names = "--kling-access-key", description = "Access key the Kling simulator accepts (default: ${DEFAULT-VALUE}).")
    String klingAccessKey = KlingSimulator.DEFAULT_ACCESS_KEY;

    @Option(names = "--kling-secret-key", description = "Secret key the Kling simulator accepts (default: ${DEFAULT-VALUE}).")
    String klingSecretKey = KlingSimulator.DEFAULT_SECRET_KEY;

    @Option(names = "--minimax-api-key", description = "API key the MiniMax simulator accepts (default: ${DEFAULT-VALUE}).")
    String minimaxApiKey = MiniMaxSimulator.DEFAULT_API_KEY;

    @Option(names = "--runway-api-key", description = "API key the Runway simulator accepts: key_ and 128 lower-case "
            + "hex digits (default: ${DEFAULT-VALUE}).")
    String runwayApiKey = RunwaySimulator.DEFAULT_API_KEY;

    @Option(names = "--fal-key", description = "Key the fal.ai simulator accepts (default: ${DEFAULT-VALUE}).")
    String falKey = FalSimulator.DEFAULT_KEY;

    @Option(names = "--google-api-key", description = "Gemini API key the Google Veo simulator accepts "
            + "(default: ${DEFAULT-VALUE}).")
    String googleApiKey = VeoSimulator.DEFAULT_API_KEY;

    @Option(names = "--timing", description = "fast (clips in about a second) or realistic (about a minute, "
            + "spec-length clips). Default: ${DEFAULT-VALUE}.")
    String timing = "fast";

    @Option(names = "--clip-seconds", description = "Length of rendered clips; 0 = the length the request asks for. "
            + "Default: ${DEFAULT-VALUE}.")
    double clipSeconds = 0;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Counted down by the shutdown hook (Ctrl-C), or by tests. */
    CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        SimSettings base = switch (timing) {
            case "fast" -> SimSettings.fast();
            case "realistic" -> SimSettings.realistic();
            default -> throw new UserInputException("--timing must be fast or realistic, not '" + timing + "'");
        };
        base = base.withClipSeconds(clipSeconds);
        if (!runwayApiKey.matches("key_[0-9a-f]{128}")) {
            throw new UserInputException("--runway-api-key must be key_ followed by 128 lower-case hex digits, as "
                    + "Runway's keys are");
        }
        List<AutoCloseable> running = new ArrayList<>();
        PrintWriter out = spec.commandLine().getOut();
        try {
            KlingSimulator kling = KlingSimulator.start(base.withPort(klingPort), klingAccessKey, klingSecretKey);
            running.add(kling);
            MiniMaxSimulator minimax = MiniMaxSimulator.start(base.withPort(minimaxPort), minimaxApiKey);
            running.add(minimax);
            out.println("Kling simulator     " + kling.baseUrl() + "   access key: " + kling.accessKey()
                    + "   secret key: " + kling.secretKey());
            out.println("MiniMax simulator   " + minimax.baseUrl() + "   API key: " + minimax.apiKey());
            RunwaySimulator runway = RunwaySimulator.start(base.withPort(runwayPort), runwayApiKey,
                    RunwayOptions.defaults());
            running.add(runway);
            FalSimulator fal = FalSimulator.start(base.withPort(falPort), falKey, FalOptions.defaults());
            running.add(fal);
            VeoSimulator google = VeoSimulator.start(base.withPort(googlePort), googleApiKey, VeoOptions.defaults());
            running.add(google);
            out.println("Runway simulator    " + runway.baseUrl() + "   API key: " + runway.apiKey()
                    + "   (X-Runway-Version " + RunwaySimulator.VERSION + ")");
            out.println("fal.ai simulator    " + fal.baseUrl() + "   key: " + fal.key() + "   webhook JWKS: "
                    + fal.jwksUrl());
            out.println("Google Veo sim      " + google.baseUrl() + "/v1beta   API key: " + google.apiKey());
            FakeTelegramServer telegram = FakeTelegramServer.start(FakeTelegramServer.Settings.defaults(), telegramPort);
            running.add(telegram);
            FakeDiscord discord = FakeDiscord.start(FakeDiscord.Settings.defaults(), discordPort);
            running.add(discord);
            out.println("Telegram Bot API    " + telegram.baseUrl() + "   bot token: " + telegram.token());
            out.println("Discord             " + discord.restUrl() + "   gateway: " + discord.gatewayUrl()
                    + "   bot token: " + discord.settings().botToken());
            out.println();
            out.println("Point a bot at them:");
            out.println("  STORYREEL_TELEGRAM_TOKEN='" + telegram.token() + "' STORYREEL_DISCORD_TOKEN='"
                    + discord.settings().botToken() + "' STORYREEL_FAL_WEBHOOK_JWKS_URL='" + fal.jwksUrl() + "' \\");
            out.println("  storyreel run --telegram-api-url " + telegram.baseUrl() + " --discord-api-url "
                    + discord.restUrl() + " --kling-base-url " + kling.baseUrl() + " --minimax-base-url " + minimax.baseUrl()
                    + " --runway-base-url " + runway.baseUrl() + " --google-base-url " + google.baseUrl()
                    + " --fal-base-url " + fal.baseUrl());
            out.println("Faults:  curl -X POST " + kling.baseUrl() + "/__admin/faults -d '{\"rule\":\"failNextTask\"}'"
                    + "   (any provider simulator)");
            out.println("Journal: curl " + kling.baseUrl() + "/__admin/journal");
            out.println("Running until stopped (Ctrl-C).");
            out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
            return 0;
        } catch (RuntimeException e) {
            throw new UserInputException("cannot start a simulator: " + e.getMessage()
                    + " (is the port in use? pick others with --kling-port, --minimax-port, --runway-port, --fal-port, "
                    + "--google-port, --telegram-port, --discord-port, or 0 for any free port)");
        } finally {
            for (AutoCloseable c : running) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // shutting down
                }
            }
        }
    }
}
