package io.storyreel.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads {@code attachment_size_limit} from raw {@code INTERACTION_CREATE} gateway payloads: Discord sends it with
 * every interaction (the largest file the bot may post in reply there, boosts and Nitro counted), but discord-json
 * 1.7's {@code InteractionData} has no such field, so Discord4J drops it (chat-platforms spec C6). Other payloads
 * are passed over without parsing.
 */
final class UploadLimits {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] MARKER = "\"INTERACTION_CREATE\"".getBytes(StandardCharsets.US_ASCII);

    /** One channel's limit as an interaction announced it. */
    record Limit(String channelId, long bytes) {
    }

    private UploadLimits() {
    }

    static Mono<Limit> read(ByteBuf payload) {
        if (!contains(payload, MARKER)) {
            return Mono.empty();
        }
        try {
            JsonNode root = JSON.readTree(payload.toString(StandardCharsets.UTF_8));
            JsonNode d = root.path("d");
            if (!"INTERACTION_CREATE".equals(root.path("t").asText()) || !d.hasNonNull("attachment_size_limit")) {
                return Mono.empty();
            }
            String channel = d.hasNonNull("channel_id") ? d.get("channel_id").asText()
                    : d.path("channel").path("id").asText(null);
            long bytes = d.get("attachment_size_limit").asLong(0);
            return channel == null || bytes <= 0 ? Mono.empty() : Mono.just(new Limit(channel, bytes));
        } catch (IOException | RuntimeException e) {
            return Mono.empty();
        }
    }

    private static boolean contains(ByteBuf buf, byte[] marker) {
        int end = buf.writerIndex() - marker.length;
        outer:
        for (int i = buf.readerIndex(); i <= end; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (buf.getByte(i + j) != marker[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
