package io.storyreel.sim.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.zip.Deflater;
import reactor.core.publisher.Sinks;

/**
 * One bot connection to the fake gateway. Speaks Discord's gateway protocol: HELLO on connect, READY after a valid
 * IDENTIFY, HEARTBEAT_ACK for each heartbeat, dispatches with increasing sequence numbers. With
 * {@code compress=zlib-stream} every payload goes through one shared {@link Deflater} with {@code SYNC_FLUSH}, so each
 * binary frame ends in {@code 00 00 FF FF} exactly as Discord sends them.
 */
final class GatewaySession {
    private final ObjectMapper json;
    private final boolean zlib;
    private final Deflater deflater = new Deflater();
    private final Sinks.Many<WebSocketFrame> out = Sinks.many().unicast().onBackpressureBuffer();
    private final Gateway gateway;
    private final String sessionId = UUID.randomUUID().toString().replace("-", "");
    private long sequence;
    private volatile boolean ready;
    private volatile long intents = -1;

    GatewaySession(Gateway gateway, boolean zlib) {
        this.gateway = gateway;
        this.json = gateway.json();
        this.zlib = zlib;
    }

    Sinks.Many<WebSocketFrame> frames() {
        return out;
    }

    boolean ready() {
        return ready;
    }

    long intents() {
        return intents;
    }

    void open() {
        ObjectNode hello = json.createObjectNode();
        hello.put("op", 10);
        hello.putNull("s");
        hello.putNull("t");
        hello.putObject("d").put("heartbeat_interval", gateway.settings().heartbeatInterval().toMillis());
        send(hello);
    }

    void receive(String text) {
        JsonNode payload;
        try {
            payload = json.readTree(text);
        } catch (Exception e) {
            close(4002, "Error while decoding payload.");
            return;
        }
        int op = payload.path("op").asInt(-1);
        switch (op) {
            case 1 -> {
                // Discord always sends all four fields; Discord4J's reader relies on that
                ObjectNode ack = json.createObjectNode();
                ack.put("op", 11);
                ack.putNull("d");
                ack.putNull("s");
                ack.putNull("t");
                send(ack);
            }
            case 2 -> identify(payload.path("d"));
            case 6 -> dispatch("RESUMED", json.createObjectNode());
            case 3, 4, 8 -> gateway.note("gateway op " + op + " ignored");
            default -> close(4001, "Unknown opcode.");
        }
    }

    private void identify(JsonNode d) {
        if (ready) {
            close(4005, "Already authenticated.");
            return;
        }
        if (!gateway.settings().botToken().equals(d.path("token").asText())) {
            close(4004, "Authentication failed.");
            return;
        }
        intents = d.path("intents").asLong(0);
        ObjectNode ready = json.createObjectNode();
        ready.put("v", 10);
        ready.set("user", gateway.botUser());
        ready.putArray("private_channels");
        ready.putArray("guilds");
        ready.put("session_id", sessionId);
        ready.put("resume_gateway_url", gateway.url());
        ready.putArray("shard").add(0).add(1);
        ready.putArray("_trace").add("storyreel-fake-gateway");
        ObjectNode app = ready.putObject("application");
        app.put("id", Long.toString(gateway.settings().applicationId()));
        app.put("flags", 0);
        dispatch("READY", ready);
        this.ready = true;
        gateway.ready(this);
    }

    void dispatch(String type, JsonNode data) {
        ObjectNode payload = json.createObjectNode();
        payload.put("op", 0);
        payload.put("t", type);
        synchronized (this) {
            payload.put("s", ++sequence);
            payload.set("d", data);
            send(payload);
        }
    }

    private synchronized void send(JsonNode payload) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(payload);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        WebSocketFrame frame;
        if (zlib) {
            deflater.setInput(bytes);
            ByteArrayOutputStream compressed = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            do {
                n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
                compressed.write(buf, 0, n);
            } while (n == buf.length);
            frame = new BinaryWebSocketFrame(Unpooled.wrappedBuffer(compressed.toByteArray()));
        } else {
            frame = new TextWebSocketFrame(new String(bytes, StandardCharsets.UTF_8));
        }
        out.tryEmitNext(frame);
    }

    synchronized void close(int code, String reason) {
        ready = false;
        out.tryEmitNext(new CloseWebSocketFrame(code, reason));
        out.tryEmitComplete();
    }

    synchronized void ended() {
        ready = false;
        out.tryEmitComplete();
        deflater.end();
    }
}
