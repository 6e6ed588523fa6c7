package io.storyreel.sim.taskapi;

import java.math.BigDecimal;

/**
 * What one task costs its account, as the provider prices it: the estimate when it was created and what was really
 * charged once it finished (null until then; zero when the provider does not bill the outcome, such as a failure or
 * a cancellation).
 *
 * @param unit {@code credits} (Runway, 1 credit = $0.01) or {@code USD} (fal, Veo)
 */
public record Charge(String taskId, String credentialId, String model, BigDecimal estimated, BigDecimal charged,
                     String unit) {
}
