package io.storyreel.core.logging;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.JsonEscapeUtil;

import java.nio.charset.StandardCharsets;

/**
 * Logback's JSON encoder (one object per line: timestamp, level, thread, logger, formatted message, MDC, throwable)
 * with every secret in {@link SecretRegistry} masked in the whole line, in its raw and its JSON-escaped spelling, so
 * a secret cannot slip out through the message, an MDC value, an exception message or a stack frame. The unformatted
 * message and its arguments are left out: the formatted message says the same once.
 */
public class MaskingJsonEncoder extends JsonEncoder {
    public MaskingJsonEncoder() {
        setWithSequenceNumber(false);
        setWithNanoseconds(false);
        setWithContext(false);
        setWithMessage(false);
        setWithArguments(false);
        setWithFormattedMessage(true);
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        String line = new String(super.encode(event), StandardCharsets.UTF_8);
        return SecretRegistry.mask(line, JsonEscapeUtil::jsonEscapeString).getBytes(StandardCharsets.UTF_8);
    }
}
