package io.storyreel.sim.kling;

import io.storyreel.sim.taskapi.SimTask;

import java.math.BigDecimal;

/** One created task and what the create asked for. */
record KlingTask(SimTask sim, KlingCreateRequest request, String videoId, long createdMillis) {

    boolean ownedBy(String account) {
        return account.equals(sim.credentialId());
    }

    /** What the task costs once it succeeded, per the spec's unit table. */
    BigDecimal units() {
        return request.model().units(request.mode(), Integer.parseInt(request.duration()),
                sim.clip().orElseThrow().audio(), request.voice());
    }
}
