package io.storyreel.core.generation;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a chat member may choose when the engine stopped trying to deliver a film ({@link DeliveryStop}): send it
 * again as it is, send it as a file (a document), fit a smaller version, or cut it to the length that fits.
 * {@code code} is what a button carries.
 */
public enum DeliveryChoice {
    SEND_AGAIN("a"), AS_FILE("f"), SMALLER("s"), SHORTER("c");

    private final String code;

    DeliveryChoice(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<DeliveryChoice> ofCode(String code) {
        return Arrays.stream(values()).filter(c -> c.code.equals(code)).findFirst();
    }
}
