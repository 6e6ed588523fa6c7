package io.storyreel.app;

import io.storyreel.sim.kling.KlingSimulator;
import io.storyreel.sim.minimax.MiniMaxSimulator;
import io.storyreel.sim.provider.SimSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the Kling, MiniMax, Telegram Bot API and Discord simulators on 127.0.0.1 until stopped "
                + "(Ctrl-C). Prints each base URL and the keys it accepts.",
                "Faults can be injected while it runs: POST /__admin/faults on a provider simulator, e.g. "
                        + "{\"rule\":\"rateLimitNext\",\"count\":2,\"retryAfterSeconds\":1}."})
final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--kling-port", description = "Kling simulator port (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int klingPort = 8701;

    @Option(names = "--minimax-port", description = "MiniMax simulator port (default: ${DEFAULT-VALUE}).")
    int minimaxPort = 8702;

    @Option(names = "--kling-access-key", description = "Access key the Kling simulator accepts (default: ${DEFAULT-VALUE}).")
    String klingAccessKey = KlingSimulator.DEFAULT_ACCESS_KEY;

    @Option(names = "--kling-secret-key", description = "Secret key the Kling simulator accepts (default: ${DEFAULT-VALUE}).")
    String klingSecretKey = KlingSimulator.DEFAULT_SECRET_KEY;

    @Option(names = "--minimax-api-key", description = "API key the MiniMax simulator accepts (default: ${DEFAULT-VALUE}).")
    String minimaxApiKey = MiniMaxSimulator.DEFAULT_API_KEY;

    @Option(names = "--timing", description = "fast (clips in about a second) or realistic (about a minute, "
            + "spec-length clips). Default: ${DEFAULT-VALUE}.")
    String timing = "fast";

    @Option(names = "--clip-seconds", description = "Length of rendered clips; 0 = the length the request asks for. "
            + "Default: ${DEFAULT-VALUE}.")
    double clipSeconds = 0;

    /** Set by tests: stop after printing instead of waiting for Ctrl-C. */
    CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        SimSettings base = switch (timing) {
            case "fast" -> SimSettings.fast();
            case "realistic" -> SimSettings.realistic();
            default -> throw new UserInputException("--timing must be fast or realistic, not '" + timing + "'");
        };
        base = base.withClipSeconds(clipSeconds);
        List<AutoCloseable> running = new ArrayList<>();
        PrintStream out = System.out;
        try {
            KlingSimulator kling = KlingSimulator.start(base.withPort(klingPort), klingAccessKey, klingSecretKey);
            running.add(kling);
            MiniMaxSimulator minimax = MiniMaxSimulator.start(base.withPort(minimaxPort), minimaxApiKey);
            running.add(minimax);
            out.println("Kling simulator     " + kling.baseUrl() + "   access key: " + kling.accessKey()
                    + "   secret key: " + kling.secretKey());
            out.println("MiniMax simulator   " + minimax.baseUrl() + "   API key: " + minimax.apiKey());
            out.println();
            out.println("Point a bot at them:  storyreel run --kling-base-url " + kling.baseUrl()
                    + " --minimax-base-url " + minimax.baseUrl());
            out.println("Faults:  curl -X POST " + kling.baseUrl() + "/__admin/faults -d '{\"rule\":\"failNextTask\"}'");
            out.println("Journal: curl " + kling.baseUrl() + "/__admin/journal");
            out.println("Running until stopped (Ctrl-C).");
            out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
            return 0;
        } catch (java.io.UncheckedIOException e) {
            throw new UserInputException("cannot start a simulator: " + e.getMessage()
                    + " (is the port in use? pick another with --kling-port/--minimax-port, or 0 for any)");
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
