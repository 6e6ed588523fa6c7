package io.storyreel.sim.taskapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@code /__admin} routes every provider simulator offers, so fault rules can be armed from outside the JVM
 * (for {@code storyreel simulate} and crash tests): {@code POST /__admin/faults} with {@code {"rule":...}},
 * {@code POST /__admin/reset} (faults and journal), {@code GET /__admin/journal} (every call, the number of paid
 * creates, and what each task costs where the simulator prices them).
 */
public final class AdminEndpoint {

    public static final String PREFIX = "/__admin/";

    private final FaultRules faults;
    private final CallJournal journal;
    private final Runnable reset;
    private final Supplier<List<Charge>> charges;

    public AdminEndpoint(FaultRules faults, CallJournal journal, Runnable reset) {
        this(faults, journal, reset, List::of);
    }

    /** {@code charges} lists what each task costs, for the journal's {@code charges}. */
    public AdminEndpoint(FaultRules faults, CallJournal journal, Runnable reset, Supplier<List<Charge>> charges) {
        this.faults = faults;
        this.journal = journal;
        this.reset = reset;
        this.charges = charges;
    }

    /** Answers {@code ex} when it is an admin route; returns false (without answering) otherwise. */
    public boolean handle(SimExchange ex) throws IOException {
        String path = ex.path();
        if (!path.startsWith(PREFIX)) {
            return false;
        }
        String route = ex.method() + " " + path.substring(PREFIX.length());
        switch (route) {
            case "POST faults" -> {
                JsonNode body = ex.jsonOrNull();
                try {
                    if (body == null) {
                        throw new IllegalArgumentException("body must be JSON like {\"rule\":\"failNextTask\"}");
                    }
                    faults.apply(body);
                    ex.respondJson(200, Map.of("ok", true, "rule", body.get("rule").asText()));
                } catch (IllegalArgumentException e) {
                    ex.respondJson(400, Map.of("ok", false, "error", e.getMessage()));
                }
            }
            case "POST reset" -> {
                reset.run();
                ex.respondJson(200, Map.of("ok", true));
            }
            case "GET journal" -> ex.respondJson(200, journalJson());
            default -> ex.respondJson(404, Map.of("ok", false, "error", "unknown admin route " + route));
        }
        return true;
    }

    private ObjectNode journalJson() {
        ObjectNode root = SimExchange.JSON.createObjectNode();
        root.put("creates", journal.creates());
        ArrayNode calls = root.putArray("calls");
        for (CallJournal.Call c : journal.calls()) {
            ObjectNode n = calls.addObject();
            n.put("at", c.at().toString());
            n.put("method", c.method());
            n.put("path", c.path());
            n.put("credentialId", c.credentialId());
            n.put("externalTaskId", c.externalTaskId());
            n.put("taskId", c.taskId());
            n.put("httpStatus", c.httpStatus());
            n.put("code", c.code());
            n.put("created", c.created());
        }
        ArrayNode costs = root.putArray("charges");
        for (Charge c : charges.get()) {
            ObjectNode n = costs.addObject();
            n.put("taskId", c.taskId());
            n.put("credentialId", c.credentialId());
            n.put("model", c.model());
            n.put("estimated", c.estimated());
            n.put("charged", c.charged());
            n.put("unit", c.unit());
        }
        return root;
    }
}
