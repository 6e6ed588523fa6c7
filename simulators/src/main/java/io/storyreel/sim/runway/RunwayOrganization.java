package io.storyreel.sim.runway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storyreel.sim.taskapi.SimExchange;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * {@code GET /v1/organization} and the credit balance behind it. The spec names only the tier, the credit balance and
 * the usage ({@code tier.maxMonthlyCreditSpend}); the rest of this shape is the simulator's choice:
 * {@code {"creditBalance": n, "tier": {"maxMonthlyCreditSpend": 10000, "models": {<model>: {"maxConcurrentGenerations",
 * "maxDailyGenerations"}}}, "usage": {"models": {<model>: {"dailyGenerations"}}}}} (tier 1: $100 a month).
 */
final class RunwayOrganization {

    private static final int TIER1_MONTHLY_CREDITS = 10_000;

    private RunwayOrganization() {
    }

    /** Credits left for {@code key}: the start balance less what was charged and what running tasks hold back. */
    static long balance(RunwaySimulator sim, String key, Instant now) {
        long used = 0;
        for (RunwayTask t : sim.tasksOf(key)) {
            BigDecimal charged = sim.charged(t, now);
            used += charged != null ? charged.longValue() : t.request.credits();
        }
        return sim.options().initialCredits() - used;
    }

    static ObjectNode json(RunwaySimulator sim, String key, Instant now) {
        ObjectNode root = SimExchange.JSON.createObjectNode();
        root.put("creditBalance", balance(sim, key, now));
        ObjectNode tier = root.putObject("tier");
        tier.put("maxMonthlyCreditSpend", TIER1_MONTHLY_CREDITS);
        ObjectNode limits = tier.putObject("models");
        ObjectNode usage = root.putObject("usage").putObject("models");
        for (String model : sim.models().keySet()) {
            limits.putObject(model).put("maxConcurrentGenerations", sim.concurrencyPerModel())
                    .put("maxDailyGenerations", sim.options().dailyCapPerModel());
            usage.putObject(model).put("dailyGenerations", sim.createdToday(key, model, now));
        }
        return root;
    }
}
