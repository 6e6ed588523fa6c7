package io.storyreel.core.generation;

/**
 * {@link GenerationEngine#start} (or a retry) was refused before anything was paid: a per-user limit, missing keys,
 * a storybook in the wrong state. The message is written for the user.
 */
public class GenerationRefusedException extends RuntimeException {
    public GenerationRefusedException(String message) {
        super(message);
    }
}
