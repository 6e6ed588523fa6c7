package io.storyreel.core.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** Logback {@code %ex} replacement that masks every secret in {@link SecretRegistry} (exception messages, URLs). */
public class MaskingThrowableConverter extends ThrowableProxyConverter {
    @Override
    protected String throwableProxyToString(ch.qos.logback.classic.spi.IThrowableProxy tp) {
        return SecretRegistry.mask(super.throwableProxyToString(tp));
    }

    @Override
    public String convert(ILoggingEvent event) {
        return SecretRegistry.mask(super.convert(event));
    }
}
