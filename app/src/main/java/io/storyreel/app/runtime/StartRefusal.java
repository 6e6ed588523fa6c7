package io.storyreel.app.runtime;

import io.storyreel.core.config.ConfigException;
import io.storyreel.core.logging.SecretRegistry;

import java.net.BindException;
import java.net.UnknownHostException;
import java.nio.file.FileSystemException;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A library refusing, at start, what a setting gave it (db-scheduler a heartbeat limit, the JDK a folder it cannot
 * create or a port already taken) is reported like any other bad setting: a {@link ConfigException} whose one line
 * names the setting and gives the library's reason, which the command prints with exit code 2. Only the exception a
 * step is known to throw for a refusal is translated; anything else is a bug and keeps its stack trace.
 */
final class StartRefusal {
    private StartRefusal() {
    }

    /**
     * Runs {@code step}; a {@code refusal} it throws becomes "{@code <setting named for it>}: {@code <what failed>}:
     * {@code <reason>}", e.g. "engine.missed-heartbeats: db-scheduler refused it: Heartbeat-limit must be at least 4".
     */
    static <T> T guard(Class<? extends RuntimeException> refusal, Function<Throwable, String> setting, String whatFailed,
                       Supplier<T> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            if (!refusal.isInstance(e) || e instanceof ConfigException) {
                throw e;
            }
            throw new ConfigException(setting.apply(e) + ": " + whatFailed + ": " + reason(e));
        }
    }

    static void guard(Class<? extends RuntimeException> refusal, String setting, String whatFailed, Runnable step) {
        guard(refusal, e -> setting, whatFailed, () -> {
            step.run();
            return null;
        });
    }

    /**
     * db-scheduler's builder checks its settings when it builds a scheduler (today only the heartbeat limit, "must be
     * at least 4"); a refusal that names no setting of ours is put on the engine as a whole.
     */
    static String schedulerSetting(Throwable e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return m.contains("heartbeat-limit") ? "engine.missed-heartbeats"
                : m.contains("heartbeat") ? "engine.heartbeat-ms"
                : m.contains("polling") || m.contains("poll") ? "engine.scheduler-polling-ms" : "engine";
    }

    /** A port already taken is the port's fault; a host that does not resolve, or is not this machine's, the address's. */
    static String bindSetting(Throwable e, String portSetting, String addressSetting) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof UnknownHostException) {
                return addressSetting;
            }
            if (c instanceof BindException b && b.getMessage() != null && b.getMessage().contains("assign")) {
                return addressSetting;
            }
        }
        return portSetting;
    }

    /**
     * The innermost message, first line only, with every registered secret masked (a JDBC URL may carry one). A file
     * system's refusal says what it was ("access denied", "not a directory") and of which file: Java's own message for
     * these is only the path.
     */
    static String reason(Throwable e) {
        Throwable root = e;
        String message = e.getMessage();
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            if (root.getMessage() != null && !root.getMessage().isBlank()) {
                message = root.getMessage();
            }
        }
        if (root instanceof FileSystemException fs) {
            String why = fs.getReason() != null ? fs.getReason()
                    : fs.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2")
                    .toLowerCase(Locale.ROOT);
            message = why + " (" + fs.getFile() + ")";
        }
        if (message == null || message.isBlank()) {
            message = root.getClass().getSimpleName();
        }
        return SecretRegistry.mask(message.strip().lines().findFirst().orElse(message));
    }
}
