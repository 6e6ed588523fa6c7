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
 * IDENTIFY, HEARTBEAT_ACK for each heartbeat, dispatches with increasing sequence numbers; a RESUME of a known session
 * replays every dispatch after the sequence the bot names and then says RESUMED (an unknown one gets INVALID_SESSION),
 * so an event sent while the bot was reconnecting (a missed heartbeat ACK on a busy machine) is not lost. With
 * {@code compress=zlib-stream} every payload goes through one shared {@link Deflater} with {@code SYNC_FLUSH}, so each
 * binary frame ends in {@code 00 00 FF FF} exactly as Discord sends them.
 */
final class GatewaySession {
    private final ObjectMapper json;
    private final boolean zlib;
    private final Deflater deflater = new Deflater();
    private final Sinks.Many<WebSocketFrame> out = Sinks.many().unicast().onBackpressureBuffer();
    private final Gateway gateway;
    private volatile Resumable session;
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
            case 6 -> resume(payload.path("d"));
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
        Resumable started = new Resumable(UUID.randomUUID().toString().replace("-", ""), intents);
        ObjectNode ready = json.createObjectNode();
        ready.put("v", 10);
        ready.set("user", gateway.botUser());
        ready.putArray("private_channels");
        ready.putArray("guilds");
        ready.put("session_id", started.id);
        ready.put("resume_gateway_url", gateway.url());
        ready.putArray("shard").add(0).add(1);
        ready.putArray("_trace").add("storyreel-fake-gateway");
        ObjectNode app = ready.putObject("application");
        app.put("id", Long.toString(gateway.settings().applicationId()));
        app.put("flags", 0);
        synchronized (started) {
            session = started;
            started.current = this;
            started.dispatch("READY", ready, json);
        }
        this.ready = true;
        gateway.ready(started);
    }

    /** RESUME: this connection takes over the session, receives what it missed, then RESUMED. */
    private void resume(JsonNode d) {
        Resumable known = gateway.session(d.path("session_id").asText());
        if (known == null || !gateway.settings().botToken().equals(d.path("token").asText())) {
            ObjectNode invalid = json.createObjectNode();
            invalid.put("op", 9);
            invalid.put("d", false);
            invalid.putNull("s");
            invalid.putNull("t");
            send(invalid);
            return;
        }
        long seen = d.path("seq").asLong(0);
        intents = known.intents;
        synchronized (known) {
            GatewaySession before = known.current;
            if (before != null && before != this) {
                before.ready = false;
            }
            session = known;
            known.current = this;
            for (ObjectNode missed : known.sent) {
                if (missed.path("s").asLong() > seen) {
                    send(missed);
                }
            }
            known.dispatch("RESUMED", json.createObjectNode(), json);
        }
        ready = true;
        gateway.ready(known);
    }

    Resumable session() {
        return session;
    }

    /** RECONNECT (op 7), as Discord sends before it restarts a gateway server: the bot should close and RESUME. */
    void askToReconnect() {
        ObjectNode reconnect = json.createObjectNode();
        reconnect.put("op", 7);
        reconnect.putNull("d");
        reconnect.putNull("s");
        reconnect.putNull("t");
        send(reconnect);
    }

    /**
     * A gateway session as Discord keeps it across connections: its id, its sequence, the dispatches it sent (the
     * last thousand, for replay on RESUME) and the connection that now receives them.
     */
    static final class Resumable {
        private static final int KEPT = 1000;
        final String id;
        final long intents;
        private long sequence;
        private final java.util.ArrayDeque<ObjectNode> sent = new java.util.ArrayDeque<>();
        private GatewaySession current;

        Resumable(String id, long intents) {
            this.id = id;
            this.intents = intents;
        }

        synchronized GatewaySession current() {
            return current;
        }

        synchronized boolean connected() {
            return current != null && current.ready;
        }

        /** Sends an event on the session's current connection, and keeps it for a RESUME. */
        synchronized void dispatch(String type, JsonNode data, ObjectMapper json) {
            ObjectNode payload = json.createObjectNode();
            payload.put("op", 0);
            payload.put("t", type);
            payload.put("s", ++sequence);
            payload.set("d", data);
            sent.addLast(payload);
            if (sent.size() > KEPT) {
                sent.removeFirst();
            }
            if (current != null) {
                current.send(payload);
            }
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
