package io.storyreel.core.generation;

/**
 * {@link GenerationEngine#start} (or a retry, a merge without, a cancel) was refused before anything was paid: a
 * per-user limit, missing keys, a storybook in the wrong state. {@link #reason} says why; the conversation words it.
 */
public class GenerationRefusedException extends RuntimeException {
    private final EngineReason reason;

    public GenerationRefusedException(EngineReason reason) {
        super(reason.toString());
        this.reason = reason;
    }

    public EngineReason reason() {
        return reason;
    }
}
