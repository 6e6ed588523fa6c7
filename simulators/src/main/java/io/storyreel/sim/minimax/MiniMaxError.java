package io.storyreel.sim.minimax;

/** A MiniMax error answer: {@code base_resp.status_code} and {@code status_msg}, usually with HTTP 200. */
final class MiniMaxError extends Exception {

    final int httpStatus;
    final int code;

    MiniMaxError(int httpStatus, int code, String message) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
        this.code = code;
    }

    static MiniMaxError invalid(String detail) {
        return new MiniMaxError(200, 2013, "invalid params, " + detail);
    }

    static MiniMaxError missing(String field) {
        return invalid("binding: expr_path=" + field + ", cause=missing required parameter");
    }
}
