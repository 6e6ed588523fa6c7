package io.storyreel.core.video;

/** A clip could not be used or the merge failed; the message names the clip and is fit for users. */
public class VideoException extends RuntimeException {
    public VideoException(String message) {
        super(message);
    }

    public VideoException(String message, Throwable cause) {
        super(message, cause);
    }
}
