package io.storyreel.sim.kling;

/** A Kling error answer: HTTP status and body code per the spec's §1.6 table, with a human-readable message. */
final class KlingError extends Exception {

    final int httpStatus;
    final int code;

    KlingError(int httpStatus, int code, String message) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
        this.code = code;
    }

    static KlingError invalid(String message) {
        return new KlingError(400, 1201, message);
    }
}
