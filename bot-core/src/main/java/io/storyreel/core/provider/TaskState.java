package io.storyreel.core.provider;

/**
 * One poll's answer. {@code progressPercent} is -1 when the provider gives none. On success {@code resultRef}
 * is what {@link VideoProvider#download} needs (Kling: the video URL; MiniMax: the file id), and
 * {@code actualUnits} the charge when the provider reports it (Kling {@code final_unit_deduction}), else -1.
 * On failure {@code failure} explains it. {@code rawStatus} is kept for logs.
 */
public record TaskState(TaskStatus status, String rawStatus, int progressPercent, String resultRef,
                        double actualUnits, ProviderException failure) {
}
