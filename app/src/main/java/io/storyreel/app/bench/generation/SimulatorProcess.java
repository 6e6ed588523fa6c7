package io.storyreel.app.bench.generation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code storyreel simulate} in a child JVM on this JVM's class path: its HTTP threads, renders and task table stay
 * out of the bench's heap and thread counts. Faults and the journal go through its admin endpoint.
 */
final class SimulatorProcess implements AutoCloseable {
    private static final Pattern KLING = Pattern.compile("Kling simulator\\s+(http://\\S+)");

    private final Process process;
    private final String klingUrl;
    private final HttpClient http = HttpClient.newHttpClient();

    private SimulatorProcess(Process process, String klingUrl) {
        this.process = process;
        this.klingUrl = klingUrl;
    }

    static SimulatorProcess start(double clipSeconds) throws IOException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "io.storyreel.app.Main", "simulate",
                "--kling-port", "0", "--minimax-port", "0", "--timing", "fast", "--clip-seconds", Double.toString(clipSeconds));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            Matcher m = KLING.matcher(line);
            if (m.find()) {
                String url = m.group(1);
                Thread drain = new Thread(() -> {
                    try {
                        while (in.readLine() != null) {
                            // keep the pipe from filling up
                        }
                    } catch (IOException ignored) {
                        // the simulator stopped
                    }
                }, "sim-output");
                drain.setDaemon(true);
                drain.start();
                return new SimulatorProcess(p, url);
            }
        }
        p.destroyForcibly();
        throw new IOException("the Kling simulator did not start (it printed no base URL)");
    }

    String klingUrl() {
        return klingUrl;
    }

    /** Every task created from now on takes {@code processing} in the running state (after the fast 0.2 s queue). */
    void taskDuration(Duration processing) throws IOException {
        admin("POST", "/__admin/faults", "{\"rule\":\"taskDuration\",\"seconds\":" + processing.toMillis() / 1000.0 + "}");
    }

    /** Paid creates so far, from the simulator's journal. */
    int creates() throws IOException {
        String body = admin("GET", "/__admin/journal", null);
        Matcher m = Pattern.compile("\"creates\"\\s*:\\s*(\\d+)").matcher(body);
        if (!m.find()) {
            throw new IOException("unexpected journal: " + body.substring(0, Math.min(200, body.length())));
        }
        return Integer.parseInt(m.group(1));
    }

    private String admin(String method, String path, String json) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(klingUrl + path)).timeout(Duration.ofSeconds(30));
        b = json == null ? b.GET() : b.method(method, HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IOException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
