package io.storyreel.app.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code storyreel run} in a child JVM on this test's class path, so a test can kill it the way a crash or an
 * OOM-killer would ({@link #kill()} is {@link Process#destroyForcibly()}: no shutdown hook runs). Its log lines are
 * kept in memory for {@link #awaitLog} and copied to {@code target/bot-processes/<name>.log} for post-mortems.
 */
final class BotProcess implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final String name;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private BotProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.reader = new Thread(() -> pump(logFile), "bot-log-" + name);
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /**
     * Starts {@code io.storyreel.app.Main run <args>} with {@code env} added to this JVM's environment and waits
     * until the bot says it is running.
     */
    static BotProcess start(String name, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"),
                "io.storyreel.app.Main", "run"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        try {
            Path logs = Files.createDirectories(Path.of("target", "bot-processes"));
            BotProcess p = new BotProcess(name, pb.start(), logs.resolve(name + ".log"));
            p.awaitLog(l -> l.contains("Storyreel running"), STARTUP);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void pump(Path logFile) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                     java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING), true)) {
            out.println("==== " + name + " pid " + process.pid());
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the child died mid-line: what we have is what there is
        } finally {
            synchronized (lines) {
                lines.notifyAll();
            }
        }
    }

    /** Waits for a log line matching {@code p} (from the start of the process) and returns it. */
    String awaitLog(Predicate<String> p, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            int seen = 0;
            while (true) {
                for (; seen < lines.size(); seen++) {
                    if (p.test(lines.get(seen))) {
                        return lines.get(seen);
                    }
                }
                long left = deadline - System.nanoTime();
                if (!process.isAlive() && seen == lines.size()) {
                    throw new AssertionError(name + " exited (" + exitCode() + ") before the expected log line; last lines:\n" + tail());
                }
                if (left <= 0) {
                    throw new AssertionError(name + ": no matching log line within " + timeout + "; last lines:\n" + tail());
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lines, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    /** How many log lines so far match {@code p}. */
    long countLog(Predicate<String> p) {
        synchronized (lines) {
            return lines.stream().filter(p).count();
        }
    }

    List<String> log() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    private String exitCode() {
        try {
            return Integer.toString(process.exitValue());
        } catch (IllegalThreadStateException e) {
            return "running";
        }
    }

    private String tail() {
        synchronized (lines) {
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        }
    }

    /**
     * SIGTERM, as systemd or docker stop a service: the bot drains and exits by itself. Sent through the process
     * handle ({@link Process#destroy()} sends the same signal but also closes this side of the child's output, so
     * its last lines would be lost). Returns how long it took to exit; fails if it is still running after
     * {@code timeout}.
     */
    Duration terminate(Duration timeout) throws InterruptedException {
        long started = System.nanoTime();
        process.toHandle().destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " still running " + timeout + " after SIGTERM; last lines:\n" + tail());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        reader.join(5000);
        return took;
    }

    /** SIGKILL: no shutdown hook, no graceful scheduler stop, connections dropped mid-request. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " did not die");
        }
        reader.join(5000);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                kill();
            }
        }
        reader.join(5000);
    }
}
