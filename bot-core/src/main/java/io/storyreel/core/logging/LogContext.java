package io.storyreel.core.logging;

import org.slf4j.MDC;

import java.util.Map;

/**
 * The correlation id of log lines: while a piece of work is about one storybook, every line it logs carries the
 * storybook's id in the MDC under {@link #STORYBOOK} ({@code [sb=…]} in text logs, {@code mdc.storybook} in JSON), so
 * an operator can follow one film through the chat process and every worker. Set around engine steps and the
 * conversation's handling of an event; carried onto the chat lanes that work continues on.
 */
public final class LogContext {
    public static final String STORYBOOK = "storybook";

    /** Puts a value back as it was when closed; closing never throws. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private LogContext() {
    }

    /** Lines logged until the scope closes are about {@code storybookId} (null: leaves the context as it is). */
    public static Scope storybook(String storybookId) {
        if (storybookId == null) {
            return () -> {
            };
        }
        String before = MDC.get(STORYBOOK);
        MDC.put(STORYBOOK, storybookId);
        return () -> {
            if (before == null) {
                MDC.remove(STORYBOOK);
            } else {
                MDC.put(STORYBOOK, before);
            }
        };
    }

    /** {@code task} run later, on another thread, with the log context of the thread that calls this. */
    public static Runnable carried(Runnable task) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        if (context == null || context.isEmpty()) {
            return task;
        }
        return () -> {
            Map<String, String> before = MDC.getCopyOfContextMap();
            MDC.setContextMap(context);
            try {
                task.run();
            } finally {
                if (before == null) {
                    MDC.clear();
                } else {
                    MDC.setContextMap(before);
                }
            }
        };
    }
}
