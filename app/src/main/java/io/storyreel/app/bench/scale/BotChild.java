package io.storyreel.app.bench.scale;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One bot process of the fleet: {@code storyreel run --role <role>} in a child JVM on this JVM's class path, its log
 * written to a file, its ops endpoint's port read from its log. Stopped with SIGTERM (it drains).
 */
final class BotChild implements AutoCloseable {
    private static final Pattern OPS = Pattern.compile("Ops endpoint on http://[^:/]+:(\\d+)/");
    private static final Duration STARTUP = Duration.ofSeconds(120);

    private final String name;
    private final Process process;
    private final CountDownLatch running = new CountDownLatch(1);
    private volatile int opsPort = -1;
    private volatile String failure;

    private BotChild(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        Thread pump = new Thread(() -> pump(log), "bench-log-" + name);
        pump.setDaemon(true);
        pump.start();
    }

    static BotChild start(String name, String role, Map<String, String> env, int heapMb, Path logs, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heapMb + "m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "io.storyreel.app.Main", "run", "--role", role));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        BotChild child = new BotChild(name, pb.start(), logs.resolve(name + ".log"));
        child.awaitRunning();
        return child;
    }

    private void pump(Path log) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
                Matcher m = OPS.matcher(line);
                if (m.find()) {
                    opsPort = Integer.parseInt(m.group(1));
                }
                if (line.contains("Storyreel running")) {
                    running.countDown();
                }
            }
        } catch (IOException e) {
            failure = e.toString();
        } finally {
            running.countDown();
        }
    }

    private void awaitRunning() throws IOException {
        try {
            if (!running.await(STARTUP.toMillis(), TimeUnit.MILLISECONDS) || opsPort < 0 || !process.isAlive()) {
                process.destroyForcibly();
                throw new IOException(name + " did not start (see its log)" + (failure == null ? "" : ": " + failure));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    String name() {
        return name;
    }

    /** The CPU time this process has used so far (user and system), zero where the platform does not say. */
    Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    String metricsUrl() {
        return "http://127.0.0.1:" + opsPort + "/metrics";
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.toHandle().destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
