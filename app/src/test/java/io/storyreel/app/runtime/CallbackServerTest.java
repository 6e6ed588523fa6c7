package io.storyreel.app.runtime;

import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.core.generation.GenerationEngine;
import io.storyreel.core.provider.CallbackReader;
import io.storyreel.core.provider.registry.ProviderRegistry;
import org.junit.jupiter.api.AfterEach;
import io.storyreel.core.generation.GenerationListener;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bot's callback endpoint over real HTTP, with the installed providers' readers: only paths with the install's
 * secret are served; MiniMax's challenge is echoed; Kling's flat task and a relay's enveloped copy both name the task
 * to poll; anything else is refused and polls nothing. Slow clients are cut off at the header and body deadlines and
 * never hold up genuine callbacks.
 */
class CallbackServerTest {
    private static final String SECRET = "s3cret-path-0123456789";

    private final BlockingQueue<String> changed = new LinkedBlockingQueue<>();
    private final GenerationEngine engine = new GenerationEngine() {
        @Override
        public void attach(GenerationListener listener) {
        }

        @Override
        public void start(String storybookId, long uploadLimitBytes) {
        }

        @Override
        public void retryClip(String storybookId, int position, String payerKey, String replacing) {
        }

        @Override
        public java.util.Optional<io.storyreel.core.generation.CurrentClip> currentClip(String storybookId, int position) {
            return java.util.Optional.empty();
        }

        @Override
        public java.util.Set<Integer> alreadyMade(String storybookId, String provider) {
            return java.util.Set.of();
        }

        @Override
        public io.storyreel.core.generation.GenerationLimits.Admission admits(String payerKey,
                io.storyreel.core.generation.GenerationLimits.Order order) {
            return new io.storyreel.core.generation.GenerationLimits.Admission(true, null);
        }

        @Override
        public void mergeWithout(String storybookId) {
        }

        @Override
        public CancelResult cancel(String storybookId) {
            return null;
        }

        @Override
        public void filmDelivered(String filmId) {
        }

        @Override
        public boolean filmSending(String filmId) {
            return false;
        }

        @Override
        public void deliveryFailed(String filmId, io.storyreel.core.generation.DeliveryFailure failure, String reason) {
        }

        @Override
        public boolean deliverAgain(String filmId, io.storyreel.core.generation.DeliveryChoice choice) {
            return false;
        }

        @Override
        public void startWorkers() {
        }

        @Override
        public void stop() {
        }

        @Override
        public void taskChanged(String provider, String providerTaskId) {
            changed.add(provider + ":" + providerTaskId);
        }
    };
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Socket> slow = new ArrayList<>();
    private CallbackServer server;

    @AfterEach
    void stop() throws Exception {
        for (Socket s : slow) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private CallbackServer start(Duration headerTimeout, Duration bodyTimeout, Duration debounce) {
        server = new CallbackServer(new StoryreelConfig.Callbacks("http://127.0.0.1/hooks", 0, "127.0.0.1", SECRET,
                headerTimeout, bodyTimeout, debounce), ProviderRegistry.installed().callbackReaders(), engine);
        return server;
    }

    private String base() {
        return "http://127.0.0.1:" + server.port() + "/hooks/" + SECRET;
    }

    @Test
    void echoesChallengesAndPassesTaskIdsToTheEngine() throws Exception {
        start(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ZERO);

        HttpResponse<String> challenge = post(base() + "/minimax", "{\"challenge\":\"c-123\"}");
        assertThat(challenge.statusCode()).isEqualTo(200);
        assertThat(challenge.body()).isEqualTo("{\"challenge\":\"c-123\"}");

        assertThat(post(base() + "/minimax", "{\"task_id\":\"115\",\"status\":\"Success\",\"file_id\":\"2\","
                + "\"base_resp\":{\"status_code\":0,\"status_msg\":\"success\"}}").statusCode()).isEqualTo(200);
        assertThat(post(base() + "/kling", "{\"task_id\":\"Cj1\",\"task_status\":\"succeed\"}").statusCode())
                .isEqualTo(200);
        assertThat(post(base() + "/kling/", "{\"code\":0,\"data\":{\"task_id\":\"Cj2\"}}").statusCode())
                .isEqualTo(200);
        // each is answered first and handed to the engine after, so they may arrive in any order
        assertThat(List.of(next(), next(), next())).containsExactlyInAnyOrder("minimax:115", "kling:Cj1", "kling:Cj2");

        assertThat(post(base() + "/luma", "{\"task_id\":\"x\"}").statusCode()).isEqualTo(404);
        assertThat(post(base() + "/kling", "not json").statusCode()).isEqualTo(400);
        assertThat(post(base() + "/kling", "{\"task_status\":\"succeed\"}").statusCode()).isEqualTo(200);
        assertThat(changed.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    /** A signed callback's reader needs the body byte for byte, the headers and the query; the path alone routes. */
    @Test
    void aReaderSeesTheRawBodyTheHeadersAndTheQuery() throws Exception {
        BlockingQueue<CallbackReader.Delivery> seen = new LinkedBlockingQueue<>();
        CallbackReader signed = new CallbackReader() {
            @Override
            public Callback read(byte[] body) {
                throw new AssertionError("the server must hand over the whole delivery");
            }

            @Override
            public Callback read(Delivery d) {
                seen.add(d);
                return "good".equals(d.header("X-Test-Signature")) ? new Callback.TaskChanged(d.queryParameter("app")
                        + "/" + new String(d.body(), StandardCharsets.UTF_8)) : new Callback.Unreadable();
            }
        };
        server = new CallbackServer(new StoryreelConfig.Callbacks("http://127.0.0.1/hooks", 0, "127.0.0.1", SECRET,
                Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ZERO), Map.of("signed", signed), engine);
        String body = " {\"id\": 1}\n";

        HttpResponse<String> good = http.send(HttpRequest.newBuilder(
                        URI.create(base() + "/signed?app=fal-ai%2Fpika&x=1"))
                .header("X-Test-Signature", "good").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(base() + "/signed?app=a"))
                .header("X-Test-Signature", "bad").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(good.statusCode()).isEqualTo(200);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(next()).isEqualTo("signed:fal-ai/pika/" + body);
        assertThat(changed.poll(300, TimeUnit.MILLISECONDS)).as("the badly signed one polled nothing").isNull();
        CallbackReader.Delivery first = seen.poll(1, TimeUnit.SECONDS);
        assertThat(first.query()).isEqualTo("app=fal-ai%2Fpika&x=1");
        assertThat(first.headers()).containsKey("x-test-signature");
        assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo(body);
    }

    @Test
    void onlyTheInstallsSecretPathIsServed() throws Exception {
        start(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ZERO);
        String body = "{\"task_id\":\"Cj1\"}";
        String root = "http://127.0.0.1:" + server.port();
        for (String url : List.of(root + "/hooks/kling", root + "/kling", root + "/hooks/wrong-secret-0123456789/kling",
                root + "/" + SECRET + "x/kling", root + "/hooks/" + SECRET.substring(1) + "/kling")) {
            assertThat(post(url, body).statusCode()).as(url).isEqualTo(404);
        }
        assertThat(post(root + "/" + SECRET + "/minimax", "{\"challenge\":\"c\"}").body()).isEqualTo("{\"challenge\":\"c\"}");
        assertThat(changed.poll(300, TimeUnit.MILLISECONDS)).as("no wrong path polled anything").isNull();
    }

    @Test
    void genuineCallbacksGetThroughWithinASecondWhileSlowClientsHoldConnections() throws Exception {
        start(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ZERO);
        // one trickles its headers, one sends headers then trickles a body: both within their (long) deadlines
        Socket headers = trickle("POST /hooks/" + SECRET + "/kling HTTP/1.1\r\nHost: x\r\n");
        Socket body = trickle("POST /hooks/" + SECRET + "/kling HTTP/1.1\r\nHost: x\r\nContent-Length: 400\r\n\r\n{");
        AtomicBoolean trickling = new AtomicBoolean(true);
        Thread dripper = new Thread(() -> {
            while (trickling.get()) {
                try {
                    headers.getOutputStream().write('X');
                    body.getOutputStream().write(' ');
                    Thread.sleep(200);
                } catch (Exception e) {
                    return;
                }
            }
        });
        dripper.setDaemon(true);
        dripper.start();
        try {
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                assertThat(post(base() + "/kling", "{\"task_id\":\"T" + i + "\"}").statusCode()).isEqualTo(200);
                assertThat(changed.poll(1, TimeUnit.SECONDS)).isEqualTo("kling:T" + i);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            }
        } finally {
            trickling.set(false);
        }
    }

    @Test
    void clientsTooSlowWithTheirHeadersOrBodyAreCutOffAtTheDeadline() throws Exception {
        start(Duration.ofMillis(600), Duration.ofMillis(600), Duration.ZERO);
        Socket headers = trickle("POST /hooks/" + SECRET + "/kling HTTP/1.1\r\nHost: x\r\n");
        Socket body = trickle("POST /hooks/" + SECRET + "/kling HTTP/1.1\r\nContent-Length: 40\r\n\r\n{\"task_id\":");
        long start = System.nanoTime();
        assertThat(closedWithin(headers, Duration.ofSeconds(3))).as("slow headers cut off").isTrue();
        assertThat(closedWithin(body, Duration.ofSeconds(3))).as("slow body cut off").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(changed.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void callbacksForOneTaskPollItEarlyAtMostOncePerGapAndNeverMissTheLast() throws Exception {
        start(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(800));
        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            post(base() + "/kling", "{\"task_id\":\"Same\",\"task_status\":\"processing\"}");
        }
        post(base() + "/kling", "{\"task_id\":\"Other\"}");
        assertThat(List.of(next(), next())).containsExactlyInAnyOrder("kling:Same", "kling:Other");
        assertThat(next()).as("the callbacks within the gap fold into one later poll").isEqualTo("kling:Same");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
        assertThat(changed.poll(1200, TimeUnit.MILLISECONDS)).as("and no more").isNull();
    }

    private Socket trickle(String start) throws Exception {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", server.port()));
        slow.add(s);
        OutputStream out = s.getOutputStream();
        out.write(start.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return s;
    }

    /** True when the server closes the connection (answering or not) within {@code limit}. */
    private static boolean closedWithin(Socket s, Duration limit) throws Exception {
        s.setSoTimeout((int) limit.toMillis());
        InputStream in = s.getInputStream();
        try {
            while (in.read() >= 0) {
                // an answer, if any, then the end
            }
            return true;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (java.io.IOException reset) {
            return true;
        }
    }

    private String next() throws InterruptedException {
        return changed.poll(3, TimeUnit.SECONDS);
    }

    private HttpResponse<String> post(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }
}
