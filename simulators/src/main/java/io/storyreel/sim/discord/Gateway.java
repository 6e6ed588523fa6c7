package io.storyreel.sim.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The WebSocket gateway's side of the fake: opens a {@link GatewaySession} per bot connection, counts connections,
 * and dispatches events (INTERACTION_CREATE) to the session that identified.
 */
final class Gateway {
    private final FakeDiscord.Settings settings;
    private final ObjectMapper json;
    private final DiscordJson objects;
    private final DiscordWorld world;
    private final Supplier<String> url;
    private final List<GatewaySession> sessions = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    /** Sessions by id, for RESUME; the last one identified receives events. */
    private final java.util.Map<String, GatewaySession.Resumable> resumable = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile GatewaySession.Resumable active;

    /** {@code url} is the gateway's {@code ws://} address once the server is bound (for RESUME). */
    Gateway(FakeDiscord.Settings settings, DiscordJson objects, DiscordWorld world, Supplier<String> url) {
        this.settings = settings;
        this.json = objects.mapper();
        this.objects = objects;
        this.world = world;
        this.url = url;
    }

    /** Serves one connection; {@code zlib} when the bot asked for {@code compress=zlib-stream}. */
    Publisher<Void> connect(HttpServerResponse res, boolean zlib) {
        return res.sendWebsocket((in, out) -> {
            connections.incrementAndGet();
            GatewaySession session = new GatewaySession(this, zlib);
            sessions.add(session);
            session.open();
            // when the bot closes (logout, reconnect) the outbound side ends with it
            Mono<Void> inbound = in.aggregateFrames().receive().asString(StandardCharsets.UTF_8)
                    .doOnNext(session::receive).then()
                    .doFinally(sig -> session.ended());
            return Mono.when(out.sendObject(session.frames().asFlux()), inbound)
                    .doFinally(sig -> {
                        session.ended();
                        sessions.remove(session);
                    });
        }, WebsocketServerSpec.builder().maxFramePayloadLength(Integer.MAX_VALUE).build());
    }

    /**
     * Sends an event to the bot's session; throws when no bot has identified. A session whose connection is being
     * replaced keeps the event and replays it to the connection that resumes it, as Discord does.
     */
    void dispatch(String type, JsonNode data) {
        GatewaySession.Resumable session = active;
        if (session == null) {
            throw new IllegalStateException("no bot is connected to the gateway");
        }
        session.dispatch(type, data, json);
    }

    /** Asks the bot's connection to reconnect and resume (op 7); returns false when no bot is connected. */
    boolean askToReconnect() {
        GatewaySession.Resumable session = active;
        GatewaySession current = session == null ? null : session.current();
        if (current == null) {
            return false;
        }
        current.askToReconnect();
        return true;
    }

    boolean botConnected() {
        GatewaySession.Resumable session = active;
        return session != null && session.connected();
    }

    int connections() {
        return connections.get();
    }

    int openConnections() {
        return sessions.size();
    }

    long identifiedIntents() {
        GatewaySession.Resumable session = active;
        return session == null ? -1 : session.intents;
    }

    void close() {
        sessions.forEach(s -> s.close(1001, "Going away"));
    }

    // ---------------------------------------------------------------- what a session needs

    FakeDiscord.Settings settings() {
        return settings;
    }

    ObjectMapper json() {
        return json;
    }

    JsonNode botUser() {
        return objects.botUser();
    }

    String url() {
        return url.get();
    }

    void note(String line) {
        world.note(line);
    }

    /** A session identified or resumed: it receives events from now on; wake whoever waits for the bot. */
    void ready(GatewaySession.Resumable session) {
        resumable.put(session.id, session);
        active = session;
        world.changed();
    }

    GatewaySession.Resumable session(String id) {
        return resumable.get(id);
    }
}
