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

    /** Sends an event to the bot; throws when no bot has identified. */
    void dispatch(String type, JsonNode data) {
        sessions.stream().filter(GatewaySession::ready).findFirst()
                .orElseThrow(() -> new IllegalStateException("no bot is connected to the gateway"))
                .dispatch(type, data);
    }

    boolean botConnected() {
        return sessions.stream().anyMatch(GatewaySession::ready);
    }

    int connections() {
        return connections.get();
    }

    int openConnections() {
        return sessions.size();
    }

    long identifiedIntents() {
        return sessions.stream().filter(GatewaySession::ready).mapToLong(GatewaySession::intents).findFirst()
                .orElse(-1);
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

    /** A session identified: wake whoever waits for the bot to connect. */
    void ready(GatewaySession session) {
        world.changed();
    }
}
