package io.storyreel.core.generation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;

/**
 * Why the engine stopped trying to deliver a film, with the facts a sentence needs and the {@link DeliveryChoice}s
 * still open. MAY_HAVE_ARRIVED: a send began but its answer never came (a crash mid-send, a timeout); TOO_LARGE: the
 * chat's limit ({@code limitBytes}) is below what the film can be made ({@code smallestBytes}; {@code shorterSeconds}
 * of it would fit, 0 if none) or the platform kept refusing smaller versions; REFUSED: the platform refused the
 * film ({@code detail}); NOT_SENT: sending kept failing ({@code attempts} tries). Stored with the film as JSON, so a
 * choice pressed after a restart still knows what it was offered.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeliveryStop(Why why, long filmBytes, long limitBytes, long smallestBytes, double shorterSeconds,
                           int attempts, String detail, List<DeliveryChoice> choices) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DETAIL = 500;

    public DeliveryStop {
        choices = choices == null ? List.of() : List.copyOf(choices);
        detail = detail != null && detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) : detail;
    }

    public enum Why { MAY_HAVE_ARRIVED, TOO_LARGE, REFUSED, NOT_SENT }

    static DeliveryStop mayHaveArrived(long filmBytes) {
        return new DeliveryStop(Why.MAY_HAVE_ARRIVED, filmBytes, 0, 0, 0, 0, null, List.of(DeliveryChoice.SEND_AGAIN));
    }

    /** Even the smallest version is over the limit; a shorter one is offered when some seconds of it fit. */
    static DeliveryStop cannotFit(long filmBytes, long limitBytes, long smallestBytes, double shorterSeconds) {
        return new DeliveryStop(Why.TOO_LARGE, filmBytes, limitBytes, smallestBytes, shorterSeconds, 0, null,
                shorterSeconds > 0 ? List.of(DeliveryChoice.SHORTER) : List.of());
    }

    /** The platform refused ever smaller versions as too large; a smaller one still can be made. */
    static DeliveryStop keptTooLarge(long filmBytes, int attempts) {
        return new DeliveryStop(Why.TOO_LARGE, filmBytes, 0, 0, 0, attempts, null, List.of(DeliveryChoice.SMALLER));
    }

    static DeliveryStop refused(long filmBytes, String detail) {
        return new DeliveryStop(Why.REFUSED, filmBytes, 0, 0, 0, 1, detail,
                List.of(DeliveryChoice.AS_FILE, DeliveryChoice.SEND_AGAIN));
    }

    static DeliveryStop notSent(long filmBytes, int attempts, String detail) {
        return new DeliveryStop(Why.NOT_SENT, filmBytes, 0, 0, 0, attempts, detail,
                List.of(DeliveryChoice.SEND_AGAIN, DeliveryChoice.AS_FILE));
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static DeliveryStop fromJson(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            return JSON.readValue(json, DeliveryStop.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
