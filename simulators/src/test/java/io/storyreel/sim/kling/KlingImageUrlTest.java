package io.storyreel.sim.kling;

import com.sun.net.httpserver.HttpServer;
import io.storyreel.sim.taskapi.SimHttp;
import io.storyreel.sim.taskapi.SimSettings;
import io.storyreel.sim.taskapi.TestImages;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Image URLs are fetched, like the real service's "publicly reachable" URLs; unreachable ones are 1201. */
class KlingImageUrlTest {

    @Test
    void imageUrlIsFetchedAndAnUnreachableOneIsRefused() throws Exception {
        byte[] jpeg = TestImages.jpeg(400, 400);
        HttpServer host = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        host.createContext("/photo.jpg", ex -> {
            ex.sendResponseHeaders(200, jpeg.length);
            ex.getResponseBody().write(jpeg);
            ex.close();
        });
        host.start();
        try (KlingSimulator sim = KlingSimulator.start(SimSettings.fast())) {
            KlingTestClient client = new KlingTestClient(sim, SimSettings.fast().clock());
            String base = "http://127.0.0.1:" + host.getAddress().getPort();
            Map<String, Object> body = KlingTestClient.body();

            body.put("image", base + "/photo.jpg");
            assertThat(client.create(body).status()).isEqualTo(200);

            body.put("image", base + "/missing.jpg");
            SimHttp.Answer missing = client.create(body);
            assertThat(missing.status()).isEqualTo(400);
            assertThat(missing.json().get("code").asInt()).isEqualTo(1201);
            assertThat(sim.journal().creates()).isEqualTo(1);
        } finally {
            host.stop(0);
        }
    }
}
