package io.storyreel.sim.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.storyreel.sim.discord.FakeDiscord.Request;
import io.storyreel.sim.discord.FakeDiscord.User;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The fake's HTTP front: the gateway WebSocket at {@code /gateway-ws}, the signed CDN under {@code /cdn}, and REST
 * under {@code /api/v10}: users, gateway discovery, the application and its commands (global and per guild) here;
 * channels in {@link ChannelRoutes}; interaction callbacks and webhooks in {@link InteractionRoutes}. Every REST
 * request is journalled; routes it does not have are answered 404 and listed as unknown.
 */
final class RestRoutes {
    private static final Logger log = LoggerFactory.getLogger(RestRoutes.class);

    private final FakeDiscord.Settings settings;
    private final DiscordWorld world;
    private final DiscordJson json;
    private final Gateway gateway;
    private final ChannelRoutes channels;
    private final InteractionRoutes interactions;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    RestRoutes(FakeDiscord.Settings settings, DiscordWorld world, DiscordJson json, Gateway gateway) {
        this.settings = settings;
        this.world = world;
        this.json = json;
        this.gateway = gateway;
        this.channels = new ChannelRoutes(world, json);
        this.interactions = new InteractionRoutes(settings, world, json, channels);
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    Publisher<Void> handle(HttpServerRequest req, HttpServerResponse res) {
        URI uri = URI.create(req.uri());
        if (uri.getPath().equals("/gateway-ws")) {
            return gateway.connect(res, uri.getRawQuery() != null && uri.getRawQuery().contains("compress=zlib-stream"));
        }
        return req.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0])
                .publishOn(Schedulers.boundedElastic())
                .map(body -> route(new Incoming(req.method().name(), uri.getRawPath(), uri.getRawQuery(),
                        req.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE),
                        req.requestHeaders().get(HttpHeaderNames.AUTHORIZATION), body)))
                .flatMap(r -> {
                    res.status(r.status());
                    if (r.body().length == 0) {
                        return res.send().then();
                    }
                    res.header(HttpHeaderNames.CONTENT_TYPE, r.contentType());
                    return res.sendByteArray(Mono.just(r.body())).then();
                });
    }

    private Reply route(Incoming in) {
        Reply reply;
        String route = in.path().replaceFirst("^/api/v\\d+", "");
        try {
            reply = dispatch(in, route);
        } catch (RuntimeException e) {
            log.warn("fake Discord failed on {} {}", in.method(), route, e);
            reply = json.error(500, 0, "500: Internal Server Error");
        }
        requests.add(new Request(in.method(), reply == Reply.NOT_FOUND ? "?" + route : route, reply.status()));
        return reply;
    }

    private Reply dispatch(Incoming in, String route) {
        String[] p = route.substring(1).split("/");
        String m = in.method();
        if (p[0].equals("cdn")) {
            return world.cdnFile(route.substring(4), in.query())
                    .map(bytes -> new Reply(200, "application/octet-stream", bytes))
                    .orElseGet(() -> new Reply(404, "text/plain",
                            "This content is no longer available.".getBytes(StandardCharsets.UTF_8)));
        }
        if (p[0].equals("interactions") && p.length == 4 && p[3].equals("callback") && m.equals("POST")) {
            return interactions.callback(Long.parseLong(p[1]), p[2], in);
        }
        if (p[0].equals("webhooks") && p.length >= 3) {
            return interactions.webhook(m, p, in);
        }
        if (route.equals("/gateway") && m.equals("GET")) {
            return json.ok(json.object().put("url", gateway.url())); // Discord serves this one without a token
        }
        if (!("Bot " + settings.botToken()).equals(in.authorization())) {
            return json.error(401, 0, "401: Unauthorized");
        }
        synchronized (world) {
            if (route.equals("/users/@me") && m.equals("GET")) {
                return json.ok(json.botUser());
            }
            if (route.equals("/users/@me/channels") && m.equals("POST")) {
                User u = world.user(json.read(in.body()).path("recipient_id").asLong());
                return u == null ? json.error(400, 50033, "Invalid Recipient(s)") : json.ok(json.channel(world.dm(u)));
            }
            if (route.equals("/gateway/bot") && m.equals("GET")) {
                ObjectNode g = json.object().put("url", gateway.url()).put("shards", 1);
                g.putObject("session_start_limit").put("total", 1000).put("remaining", 999)
                        .put("reset_after", 0).put("max_concurrency", 1);
                return json.ok(g);
            }
            if ((route.equals("/oauth2/applications/@me") || route.equals("/applications/@me")) && m.equals("GET")) {
                return json.ok(json.application());
            }
            if (p[0].equals("applications") && p.length == 3 && p[2].equals("commands")) {
                return commands(m, "global:", p[1], in);
            }
            if (p[0].equals("applications") && p.length == 5 && p[2].equals("guilds") && p[4].equals("commands")) {
                return commands(m, "guild:" + p[3] + ":", p[1], in);
            }
            if (p[0].equals("channels") && p.length >= 2) {
                return channels.channel(m, p, in);
            }
        }
        return Reply.NOT_FOUND;
    }

    /** Bulk overwrite (PUT) and list (GET) of the application's commands in one scope. */
    private Reply commands(String method, String scope, String appId, Incoming in) {
        if (!appId.equals(Long.toString(settings.applicationId()))) {
            return json.error(403, 50001, "Missing Access");
        }
        if (method.equals("PUT")) {
            List<JsonNode> registered = new ArrayList<>();
            for (JsonNode c : json.read(in.body())) {
                ObjectNode cmd = ((ObjectNode) c).deepCopy();
                cmd.put("id", Long.toString(world.nextId()));
                cmd.put("application_id", appId);
                cmd.put("version", Long.toString(world.nextId()));
                cmd.put("type", c.path("type").asInt(1));
                if (!cmd.has("description")) {
                    cmd.put("description", "");
                }
                if (!c.hasNonNull("default_member_permissions")) {
                    // Discord answers with the permissions the request set, or null for everyone
                    cmd.putNull("default_member_permissions");
                }
                cmd.putArray("integration_types").add(0);
                cmd.putArray("contexts").add(0).add(1);
                registered.add(cmd);
            }
            world.registerCommands(scope, registered);
            world.note("bot registered " + registered.size() + " command(s) " + scope.replace(":", " ").trim());
            return json.ok(json.mapper().createArrayNode().addAll(registered));
        }
        if (method.equals("GET")) {
            ArrayNode out = json.mapper().createArrayNode();
            world.commands(scope).forEach(out::add);
            return json.ok(out);
        }
        return Reply.NOT_FOUND;
    }

    /** A snowflake from a path segment, or -1 when it is not a number. */
    static long parseId(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
