package io.storyreel.app;

import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.core.ops.OpsReport;
import io.storyreel.core.ops.OpsSummary;
import io.storyreel.core.storage.Database;
import io.storyreel.core.storage.DatabaseUnavailableException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"One screen about the installation, read from its database: films running, the queue per "
                + "provider, failures in the last hour and today's estimated spend.",
                "PostgreSQL: read directly, from any machine that reaches the database. H2 (one process per file): "
                        + "when the bot is running, its ops endpoint (ops.port) answers for it."})
final class StatusCommand implements Callable<Integer> {
    @Option(names = "--json", description = "One JSON object on one line instead of the screen.")
    boolean json;

    @Mixin
    DataOptions options = new DataOptions();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        StoryreelConfig cfg = options.load(System.getenv());
        String out;
        try (Database db = Database.openExisting(cfg.database().url(), cfg.database().user(), cfg.database().password(), 2)) {
            OpsReport r = new OpsSummary(db.dataSource(), Clock.systemUTC()).read();
            out = json ? r.json() : r.text();
        } catch (DatabaseUnavailableException e) {
            if (!cfg.ops().enabled() || !e.getMessage().contains("another process")) {
                throw new UserInputException("status: " + e.getMessage());
            }
            out = fromRunningBot(cfg, e);
        } catch (RuntimeException e) {
            throw new UserInputException("status: the database cannot be read: " + firstLine(e));
        }
        spec.commandLine().getOut().println(out);
        return 0;
    }

    /** The H2 database is the running bot's alone: its ops endpoint reads the same summary for us. */
    private String fromRunningBot(StoryreelConfig cfg, DatabaseUnavailableException locked) {
        String host = cfg.ops().bind().equals("0.0.0.0") || cfg.ops().bind().equals("::") ? "127.0.0.1" : cfg.ops().bind();
        URI uri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + cfg.ops().port()
                + "/status" + (json ? "?format=json" : ""));
        try {
            HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()
                    .send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(15)).build(),
                            HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new UserInputException("status: the running bot's ops endpoint " + uri + " answered "
                        + r.statusCode());
            }
            return r.body().stripTrailing();
        } catch (IOException e) {
            throw new UserInputException("status: " + locked.getMessage() + ", and its ops endpoint " + uri
                    + " did not answer (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserInputException("status: interrupted");
        }
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
