package io.storyreel.core.generation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Why the engine refused a command, paused a film or gave up on it, as a kind plus the facts the sentence needs:
 * the provider's display name, the clip's position, minutes, counts, and a {@code detail} (a provider's or the
 * chat's own message, a state). The engine writes no sentences: the conversation words each kind in the chat's own
 * command syntax. Stored as JSON with a failed clip, so a pause reported after a restart reads the same.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EngineReason(Kind kind, String provider, int clip, long minutes, int count, int limit, String detail) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DETAIL = 1500;
    /** {@code clip.failure} holds 4000 characters; a detail full of escaped characters is cut until it fits. */
    private static final int MAX_JSON = 3900;

    public EngineReason {
        detail = detail != null && detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) : detail;
    }

    public enum Kind {
        // refusals of a command (nothing was paid)
        STORYBOOK_GONE, NOT_STARTABLE, NOT_RETRYABLE, NOTHING_TO_MERGE, NO_PAYER, FILMS_RUNNING, DAILY_LIMIT,
        DAILY_CLIPS, DAILY_SPEND, NO_KEYS, NO_PHOTOS, NO_PLAN, PROVIDER_UNAVAILABLE, NO_SUCH_CLIP, CLIP_NOT_FAILED,
        CLIP_REPLACED, STORAGE_FULL,
        // a clip failed: the film pauses
        KEYS_REMOVED, KEYS_GONE_CHECKING, KEYS_GONE_FOLLOWING, KEYS_GONE_FETCHING, SUBMIT_UNCLEAR, TIMED_OUT,
        PROVIDER_ERROR, PROVIDER_FAILED, DOWNLOAD_FAILED,
        // the film failed for good
        NO_CLIP_LEFT, MERGE_FAILED, NOT_SENT
    }

    public static EngineReason of(Kind kind) {
        return new EngineReason(kind, null, 0, 0, 0, 0, null);
    }

    /** A kind about one provider (its display name). */
    public static EngineReason of(Kind kind, String provider) {
        return new EngineReason(kind, provider, 0, 0, 0, 0, null);
    }

    /** A kind about one clip of one provider. */
    public static EngineReason clip(Kind kind, String provider, int position) {
        return new EngineReason(kind, provider, position, 0, 0, 0, null);
    }

    /** A kind whose sentence quotes {@code detail}: a message from the provider or the chat, a state, a model. */
    public static EngineReason detailed(Kind kind, String provider, int position, String detail) {
        return new EngineReason(kind, provider, position, 0, 0, 0, detail);
    }

    public static EngineReason timedOut(String provider, int position, long minutes) {
        return new EngineReason(Kind.TIMED_OUT, provider, position, minutes, 0, 0, null);
    }

    public static EngineReason filmsRunning(int running, int limit) {
        return new EngineReason(Kind.FILMS_RUNNING, null, 0, 0, running, limit, null);
    }

    /**
     * A daily limit of the payer: {@code kind} DAILY_LIMIT (films started), DAILY_CLIPS (clips ordered) or DAILY_SPEND
     * (dollars ordered, in cents). {@code count} is what today would come to (films already started; clips or cents
     * with this order), {@code minutes} how long until the day ends, {@code detail} when it ends ({@code 00:00 UTC}).
     */
    public static EngineReason daily(Kind kind, int count, int limit, long minutes, String reset) {
        return new EngineReason(kind, null, 0, minutes, count, limit, reset);
    }

    String toJson() {
        String json;
        try {
            json = JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return json.length() <= MAX_JSON || detail == null ? json
                : new EngineReason(kind, provider, clip, minutes, count, limit, detail.substring(0, detail.length() / 2)).toJson();
    }

    /** The reason stored with a clip; a clip failed before reasons were stored reads as its provider's message. */
    static EngineReason fromJson(String json, String legacyMessage) {
        if (json == null || json.isBlank()) {
            return detailed(Kind.PROVIDER_ERROR, null, 0, legacyMessage);
        }
        try {
            return JSON.readValue(json, EngineReason.class);
        } catch (JsonProcessingException e) {
            return detailed(Kind.PROVIDER_ERROR, null, 0, legacyMessage);
        }
    }
}
