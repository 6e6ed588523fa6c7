package io.storyreel.sim.discord;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake's wire protocol, spoken with the JDK's own HTTP and WebSocket clients (no Discord library). */
class FakeDiscordWireTest {
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
    private final BlockingQueue<Integer> closes = new LinkedBlockingQueue<>();
    private Inflater inflater = new Inflater();
    private FakeDiscord discord;
    private WebSocket socket;

    @BeforeEach
    void start() {
        discord = FakeDiscord.start(FakeDiscord.Settings.defaults().withUploadLimit(1000));
    }

    @AfterEach
    void stop() {
        if (socket != null) {
            socket.abort();
        }
        discord.close();
    }

    @Test
    void gatewaySpeaksZlibStreamHelloReadyAndHeartbeats() throws Exception {
        JsonNode gateway = json.readTree(call("GET", "/gateway", null, null).body());
        connect(gateway.path("url").asText() + "?v=10&encoding=json&compress=zlib-stream");

        byte[] raw = frames.poll(10, TimeUnit.SECONDS);
        assertThat(Arrays.copyOfRange(raw, raw.length - 4, raw.length)).containsExactly(0, 0, 0xFF, 0xFF);
        JsonNode hello = inflate(raw);
        assertThat(hello.path("op").asInt()).isEqualTo(10);
        assertThat(hello.path("d").path("heartbeat_interval").asLong()).isPositive();

        identify(discord.settings().botToken());
        JsonNode ready = inflate(frames.poll(10, TimeUnit.SECONDS));
        assertThat(ready.path("t").asText()).isEqualTo("READY");
        assertThat(ready.path("s").asInt()).isEqualTo(1);
        assertThat(ready.path("d").path("application").path("id").asText())
                .isEqualTo(Long.toString(discord.settings().applicationId()));
        assertThat(discord.identifiedIntents()).isEqualTo(1);

        socket.sendText("{\"op\":1,\"d\":1}", true).join();
        JsonNode ack = inflate(frames.poll(10, TimeUnit.SECONDS));
        assertThat(ack.path("op").asInt()).isEqualTo(11);
        assertThat(ack.has("t") && ack.has("s")).isTrue();
    }

    @Test
    void aWrongTokenIsRefusedOnTheGatewayAndOverRest() throws Exception {
        connect(discord.gatewayUrl() + "?v=10&encoding=json&compress=zlib-stream");
        inflate(frames.poll(10, TimeUnit.SECONDS));
        identify("bm90LWEtdG9rZW4.x.y");
        assertThat(closes.poll(10, TimeUnit.SECONDS)).isEqualTo(4004);
        assertThat(call("GET", "/users/@me", null, "Bot wrong").statusCode()).isEqualTo(401);
    }

    @Test
    void interactionRulesThreeSecondsFifteenMinutesEphemeralAndUploadLimit() throws Exception {
        connectAndIdentify();
        String app = Long.toString(discord.settings().applicationId());
        HttpResponse<String> put = call("PUT", "/applications/" + app + "/commands",
                "[{\"name\":\"story\",\"description\":\"d\",\"options\":[{\"name\":\"make\",\"description\":\"m\",\"type\":1}]}]",
                bot());
        assertThat(put.statusCode()).isEqualTo(200);
        FakeDiscord.Channel channel = discord.channel(discord.guild(1, "g"), 2, "general");
        FakeDiscord.User alice = discord.user(3, "alice");

        // too late: the token dies 3 s after the interaction
        FakeDiscord.Interaction late = discord.slash(alice, channel, "story", "make", Map.of());
        nextDispatch("INTERACTION_CREATE");
        discord.advanceClock(Duration.ofSeconds(4));
        HttpResponse<String> tooLate = call("POST", "/interactions/" + late.id() + "/" + late.token() + "/callback",
                "{\"type\":5}", null);
        assertThat(tooLate.statusCode()).isEqualTo(404);
        assertThat(json.readTree(tooLate.body()).path("code").asInt()).isEqualTo(10062);

        // an ephemeral reply cannot be edited through the channel, only through the webhook
        FakeDiscord.Interaction i = discord.slash(alice, channel, "story", "make", Map.of());
        JsonNode created = nextDispatch("INTERACTION_CREATE");
        assertThat(created.path("d").path("token").asText()).isEqualTo(i.token());
        assertThat(call("POST", "/interactions/" + i.id() + "/" + i.token() + "/callback",
                "{\"type\":4,\"data\":{\"content\":\"just you\",\"flags\":64}}", null).statusCode()).isEqualTo(204);
        FakeDiscord.Posted reply = discord.original(i).orElseThrow();
        assertThat(reply.ephemeral()).isTrue();
        HttpResponse<String> channelEdit = call("PATCH", "/channels/2/messages/" + reply.id(),
                "{\"content\":\"x\"}", bot());
        assertThat(channelEdit.statusCode()).isEqualTo(404);
        assertThat(call("PATCH", "/webhooks/" + app + "/" + i.token() + "/messages/@original",
                "{\"content\":\"still just you\"}", null).statusCode()).isEqualTo(200);
        assertThat(discord.original(i).orElseThrow().content()).isEqualTo("still just you");

        // 15 minutes later the webhook token is gone
        discord.advanceClock(Duration.ofMinutes(15).plusSeconds(1));
        HttpResponse<String> expired = call("PATCH", "/webhooks/" + app + "/" + i.token() + "/messages/@original",
                "{\"content\":\"late\"}", null);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(json.readTree(expired.body()).path("code").asInt()).isEqualTo(50027);

        // uploads above the per-file limit: 413 / 40005
        HttpResponse<String> big = multipart("/channels/2/messages", new byte[1001]);
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(json.readTree(big.body()).path("code").asInt()).isEqualTo(40005);
        HttpResponse<String> small = multipart("/channels/2/messages", new byte[999]);
        assertThat(small.statusCode()).isEqualTo(200);
        assertThat(json.readTree(small.body()).path("attachments").get(0).path("size").asInt()).isEqualTo(999);

        call("GET", "/guilds/1/emojis", null, bot());
        assertThat(discord.unknownRoutes()).extracting(FakeDiscord.Request::route).containsExactly("?/guilds/1/emojis");
        assertThat(discord.transcript()).anyMatch(l -> l.contains("alice: /story make"));
    }

    @Test
    void aResumedSessionReceivesWhatItMissedAndAnUnknownSessionIsRefused() throws Exception {
        JsonNode ready = connectAndIdentify();
        String app = Long.toString(discord.settings().applicationId());
        call("PUT", "/applications/" + app + "/commands",
                "[{\"name\":\"story\",\"description\":\"d\",\"options\":[{\"name\":\"make\",\"description\":\"m\",\"type\":1}]}]",
                bot());
        FakeDiscord.Channel channel = discord.channel(discord.guild(1, "g"), 2, "general");
        FakeDiscord.User alice = discord.user(3, "alice");

        // the event goes out on a connection the bot is about to give up (a missed heartbeat ACK): it never saw it
        FakeDiscord.Interaction missed = discord.slash(alice, channel, "story", "make", Map.of());
        JsonNode lost = nextDispatch("INTERACTION_CREATE");
        socket.abort();

        connect(discord.gatewayUrl() + "?v=10&encoding=json&compress=zlib-stream");
        inflate(frames.poll(10, TimeUnit.SECONDS));
        socket.sendText("{\"op\":6,\"d\":{\"token\":\"" + discord.settings().botToken() + "\",\"session_id\":\""
                + ready.path("d").path("session_id").asText() + "\",\"seq\":" + ready.path("s").asLong() + "}}", true).join();
        JsonNode replayed = nextDispatch("INTERACTION_CREATE");
        assertThat(replayed.path("d").path("token").asText()).isEqualTo(missed.token());
        assertThat(replayed.path("s").asLong()).isEqualTo(lost.path("s").asLong());
        JsonNode resumed = nextDispatch("RESUMED");
        assertThat(resumed.path("s").asLong()).isGreaterThan(replayed.path("s").asLong());
        assertThat(discord.botConnected()).isTrue();
        FakeDiscord.Interaction after = discord.slash(alice, channel, "story", "make", Map.of());
        assertThat(nextDispatch("INTERACTION_CREATE").path("d").path("token").asText()).isEqualTo(after.token());

        socket.abort();
        connect(discord.gatewayUrl() + "?v=10&encoding=json&compress=zlib-stream");
        inflate(frames.poll(10, TimeUnit.SECONDS));
        socket.sendText("{\"op\":6,\"d\":{\"token\":\"" + discord.settings().botToken()
                + "\",\"session_id\":\"no-such-session\",\"seq\":1}}", true).join();
        JsonNode invalid = inflate(frames.poll(10, TimeUnit.SECONDS));
        assertThat(invalid.path("op").asInt()).isEqualTo(9);
        assertThat(invalid.path("d").asBoolean(true)).isFalse();
    }

    private JsonNode connectAndIdentify() throws Exception {
        connect(discord.gatewayUrl() + "?v=10&encoding=json&compress=zlib-stream");
        inflate(frames.poll(10, TimeUnit.SECONDS));
        identify(discord.settings().botToken());
        return nextDispatch("READY");
    }

    private JsonNode nextDispatch(String type) throws Exception {
        while (true) {
            byte[] f = frames.poll(10, TimeUnit.SECONDS);
            assertThat(f).as("a " + type + " dispatch").isNotNull();
            JsonNode p = inflate(f);
            if (type.equals(p.path("t").asText())) {
                return p;
            }
        }
    }

    private void identify(String token) {
        socket.sendText("{\"op\":2,\"d\":{\"token\":\"" + token + "\",\"intents\":1,\"properties\":{}}}", true).join();
    }

    private void connect(String url) {
        inflater = new Inflater(); // each connection has its own zlib stream
        frames.clear();
        socket = http.newWebSocketBuilder().buildAsync(URI.create(url), new WebSocket.Listener() {
            private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

            @Override
            public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                byte[] b = new byte[data.remaining()];
                data.get(b);
                partial.writeBytes(b);
                if (last) {
                    frames.add(partial.toByteArray());
                    partial.reset();
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                closes.add(status);
                return null;
            }
        }).join();
    }

    private JsonNode inflate(byte[] frame) throws Exception {
        inflater.setInput(frame);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        while ((n = inflater.inflate(buf)) > 0) {
            out.write(buf, 0, n);
        }
        return json.readTree(out.toByteArray());
    }

    private String bot() {
        return "Bot " + discord.settings().botToken();
    }

    private HttpResponse<String> call(String method, String route, String body, String auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(discord.restUrl() + route))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> multipart(String route, byte[] file) throws Exception {
        String boundary = "b0undary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"payload_json\"\r\n\r\n"
                + "{\"content\":\"film\"}\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"files[0]\"; "
                + "filename=\"film.mp4\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create(discord.restUrl() + route))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Authorization", bot())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

}
