package io.storyreel.sim.kling;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storyreel.sim.taskapi.SimExchange;
import io.storyreel.sim.taskapi.SimTask;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /account/costs} (spec §1.4): free, at most one call per second per account, both times required in epoch
 * milliseconds. Answers with the account's one resource pack; its remaining quantity counts the units of the tasks
 * that succeeded so far (the real one lags by up to 12 h; here it is current).
 */
final class KlingAccountCosts {

    private static final String RESOURCE_PACK = "Video Generation - 1000 Units";
    private static final double PACK_UNITS = 1000;

    private final Collection<KlingTask> tasks;
    /** When each account last asked for its costs (one call per second is allowed). */
    private final Map<String, Instant> lastQuery = new ConcurrentHashMap<>();

    /** {@code tasks} is the simulator's live view of every task created. */
    KlingAccountCosts(Collection<KlingTask> tasks) {
        this.tasks = tasks;
    }

    /** The {@code data} of the answer; {@code runOut} marks the pack as spent (the balance fault). */
    ObjectNode answer(String account, Map<String, String> query, Instant now, boolean runOut) throws KlingError {
        long start = longParam(query, "start_time");
        long end = longParam(query, "end_time");
        if (start > end) {
            throw KlingError.invalid("start_time must not be after end_time");
        }
        Instant last = lastQuery.put(account, now);
        if (last != null && Duration.between(last, now).compareTo(Duration.ofSeconds(1)) < 0) {
            throw new KlingError(429, 1302, "API request too fast, exceeding rate limit");
        }
        String wanted = query.get("resource_pack_name");
        double used = tasks.stream()
                .filter(t -> t.ownedBy(account) && t.sim().phase(now) == SimTask.Phase.SUCCEEDED)
                .mapToDouble(t -> t.units().doubleValue()).sum();
        ArrayNode packs = SimExchange.JSON.createArrayNode();
        if (wanted == null || wanted.isEmpty() || wanted.equals(RESOURCE_PACK)) {
            ObjectNode pack = packs.addObject();
            pack.put("resource_pack_name", RESOURCE_PACK);
            pack.put("resource_pack_id", "sim-pack-" + Integer.toHexString(account.hashCode()));
            pack.put("resource_pack_type", "decreasing_total");
            pack.put("total_quantity", PACK_UNITS);
            pack.put("remaining_quantity", Math.max(0, PACK_UNITS - used));
            pack.put("purchase_time", now.minus(Duration.ofDays(30)).toEpochMilli());
            pack.put("effective_time", now.minus(Duration.ofDays(30)).toEpochMilli());
            pack.put("invalid_time", now.plus(Duration.ofDays(335)).toEpochMilli());
            pack.put("status", runOut ? "runOut" : "online");
        }
        ObjectNode data = SimExchange.JSON.createObjectNode();
        data.put("code", 0);
        data.put("msg", "");
        data.set("resource_pack_subscribe_infos", packs);
        return data;
    }

    /** Forgets the one-call-a-second windows. */
    void forget() {
        lastQuery.clear();
    }

    private static long longParam(Map<String, String> q, String name) throws KlingError {
        String v = q.get(name);
        if (v == null || v.isEmpty()) {
            throw KlingError.invalid(name + " is required");
        }
        try {
            long n = Long.parseLong(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the error
        }
        throw KlingError.invalid(name + " must be a time in milliseconds");
    }
}
