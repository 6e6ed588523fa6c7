package io.storyreel.core.config;

/** A bad or missing setting. The message is one line naming the setting and what is wrong. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
