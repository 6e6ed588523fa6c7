package io.storyreel.app.runtime;

/**
 * Timeouts for the JDK HTTP servers this process runs (the ops endpoint, provider callbacks, the Telegram webhook):
 * a client gets 30 s to send its request and 60 s to read the answer, and idle connections close after 30 s, so a
 * slow or stuck client cannot hold a server thread. The JDK reads these system properties once, when its first
 * server starts; a value the operator set with {@code -D} is kept.
 */
final class HttpTimeouts {
    private HttpTimeouts() {
    }

    static void apply() {
        setIfAbsent("sun.net.httpserver.maxReqTime", "30");
        setIfAbsent("sun.net.httpserver.maxRspTime", "60");
        setIfAbsent("sun.net.httpserver.idleInterval", "30");
        setIfAbsent("sun.net.httpserver.maxReqHeaders", "100");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
