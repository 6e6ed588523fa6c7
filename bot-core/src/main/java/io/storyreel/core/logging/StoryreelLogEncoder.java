package io.storyreel.core.logging;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;

import java.util.Locale;

/**
 * The log format, chosen at start and switchable once the configuration is read ({@code logging.format}): {@code
 * text}, the {@code pattern} given in {@code logback.xml} (whose {@code %msg} and {@code %ex} mask secrets), or
 * {@code json} ({@link MaskingJsonEncoder}). {@code STORYREEL_LOGGING_FORMAT=json} makes even the first lines JSON,
 * before any configuration file is read.
 */
public class StoryreelLogEncoder extends EncoderBase<ILoggingEvent> {
    private static volatile boolean json = "json".equalsIgnoreCase(System.getenv("STORYREEL_LOGGING_FORMAT"));

    private String pattern = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n%ex";
    private PatternLayoutEncoder text;
    private MaskingJsonEncoder jsonEncoder;

    /** {@code text} or {@code json}; every encoder of this kind in the process follows. */
    public static void useFormat(String format) {
        json = "json".equals(format.toLowerCase(Locale.ROOT));
    }

    public static String format() {
        return json ? "json" : "text";
    }

    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    @Override
    public void start() {
        text = new PatternLayoutEncoder();
        text.setContext(getContext());
        text.setPattern(pattern);
        text.start();
        jsonEncoder = new MaskingJsonEncoder();
        jsonEncoder.setContext(getContext());
        jsonEncoder.start();
        super.start();
    }

    @Override
    public void stop() {
        text.stop();
        jsonEncoder.stop();
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return json ? jsonEncoder.encode(event) : text.encode(event);
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }
}
