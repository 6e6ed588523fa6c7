package io.storyreel.sim.kling;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.storyreel.sim.taskapi.RawJwt;
import io.storyreel.sim.taskapi.SimHttp;
import io.storyreel.sim.taskapi.SimSettings;
import io.storyreel.sim.taskapi.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Hand-built Kling requests that break one documented rule each (spec §1.2, §1.3, §1.6, §1.7), and lenient ones. */
class KlingAuthAndValidationTest {

    private static KlingSimulator sim;
    private static KlingTestClient client;
    private static final String URL_PATH = "/v1/videos/image2video";

    @BeforeAll
    static void start() {
        sim = KlingSimulator.start(SimSettings.fast());
        client = new KlingTestClient(sim, SimSettings.fast().clock());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private static SimHttp.Answer createWithAuth(String authorization) {
        return client.http.post(sim.baseUrl() + URL_PATH, authorization, KlingTestClient.body());
    }

    private static void assertError(SimHttp.Answer a, int http, int code) {
        assertThat(a.status()).isEqualTo(http);
        assertThat(a.json().get("code").asInt()).isEqualTo(code);
        assertThat(a.json().get("request_id").asText()).isNotBlank();
        assertThat(a.json().has("data")).isFalse();
    }

    private static SimHttp.Answer createWith(String field, Object value) {
        Map<String, Object> body = KlingTestClient.body();
        if (value == null) {
            body.remove(field);
        } else {
            body.put(field, value);
        }
        return client.create(body);
    }

    // --- JWT ---------------------------------------------------------------------------------------------------

    @Test
    void missingHeaderIs1001() {
        assertError(createWithAuth(null), 401, 1001);
    }

    @Test
    void notABearerJwtIs1002() {
        assertError(createWithAuth("Basic abc"), 401, 1002);
        assertError(createWithAuth("Bearer not-a-jwt"), 401, 1002);
    }

    @Test
    void badSignatureIs1000() {
        assertError(createWithAuth("Bearer " + RawJwt.official(sim.accessKey(), "wrong-secret", now())), 401, 1000);
    }

    @Test
    void unknownAccessKeyIs1000() {
        assertError(createWithAuth("Bearer " + RawJwt.official("someone-else", sim.secretKey(), now())), 401, 1000);
    }

    @Test
    void expiredTokenIs1004() {
        assertError(createWithAuth("Bearer " + RawJwt.mint(sim.accessKey(), sim.secretKey(), now() - 10, now() - 1900)),
                401, 1004);
    }

    @Test
    void notYetValidTokenIs1003() {
        assertError(createWithAuth("Bearer " + RawJwt.mint(sim.accessKey(), sim.secretKey(), now() + 1800, now() + 60)),
                401, 1003);
    }

    @Test
    void officialJavaSampleTokenIsAccepted() {
        String token = JWT.create().withIssuer(sim.accessKey()).withHeader(Map.of("alg", "HS256"))
                .withExpiresAt(new Date(System.currentTimeMillis() + 1_800_000))
                .withNotBefore(new Date(System.currentTimeMillis() - 5_000))
                .sign(Algorithm.HMAC256(sim.secretKey()));
        assertThat(createWithAuth("Bearer " + token).status()).isEqualTo(200);
    }

    // --- body validation ---------------------------------------------------------------------------------------

    @Test
    void dataUriImageIsNotValidBase64() {
        SimHttp.Answer a = createWith("image", "data:image/png;base64," + KlingTestClient.IMAGE);
        assertError(a, 400, 1201);
        assertThat(a.json().get("message").asText()).isEqualTo("File is not in a valid base64 format");
    }

    @Test
    void missingImageCanNotBeNull() {
        SimHttp.Answer a = createWith("image", null);
        assertError(a, 400, 1201);
        assertThat(a.json().get("message").asText()).isEqualTo("image can not be null");
    }

    @Test
    void unknownModelIs404With1203() {
        assertError(createWith("model_name", "kling-v9"), 404, 1203);
    }

    @Test
    void invalidCombinationsAre1201() {
        Map<String, Object> tailOnStd = KlingTestClient.body();
        tailOnStd.put("model_name", "kling-v2-1");
        tailOnStd.put("image_tail", KlingTestClient.IMAGE);
        assertError(client.create(tailOnStd), 400, 1201);

        Map<String, Object> fifteenOnV1 = KlingTestClient.body();
        fifteenOnV1.put("duration", "15");
        assertError(client.create(fifteenOnV1), 400, 1201);

        Map<String, Object> soundOnStd = KlingTestClient.body();
        soundOnStd.put("model_name", "kling-v2-6");
        soundOnStd.put("sound", "on");
        assertError(client.create(soundOnStd), 400, 1201);

        Map<String, Object> cameraOnV1 = KlingTestClient.body();
        cameraOnV1.put("camera_control", Map.of("type", "simple", "config", Map.of("zoom", 5)));
        assertError(client.create(cameraOnV1), 400, 1201);
    }

    @Test
    void validCombinationsPass() {
        Map<String, Object> camera = KlingTestClient.body();
        camera.put("model_name", "kling-v1-5");
        camera.put("mode", "pro");
        camera.put("camera_control", Map.of("type", "simple", "config",
                Map.of("horizontal", 0, "vertical", 0, "pan", 0, "tilt", 0, "roll", 0, "zoom", 5)));
        assertThat(client.create(camera).status()).isEqualTo(200);

        Map<String, Object> v3 = KlingTestClient.body();
        v3.put("model_name", "kling-v3");
        v3.put("duration", "12");
        v3.put("image_tail", KlingTestClient.IMAGE);
        assertThat(client.create(v3).status()).isEqualTo(200);
    }

    @Test
    void tinyImageIsRefused() {
        SimHttp.Answer a = createWith("image", Base64.getEncoder().encodeToString(TestImages.jpeg(299, 400)));
        assertError(a, 400, 1201);
        assertThat(a.json().get("message").asText()).contains("300");
    }

    @Test
    void aspectRatioBeyondTwoAndAHalfIsRefused() {
        assertError(createWith("image", Base64.getEncoder().encodeToString(TestImages.jpeg(1260, 500))), 400, 1201);
        assertThat(createWith("image", Base64.getEncoder().encodeToString(TestImages.jpeg(1250, 500))).status())
                .isEqualTo(200);
    }

    @Test
    void nonJpegOrPngIsRefused() {
        assertError(createWith("image", Base64.getEncoder().encodeToString(TestImages.gif(400, 400))), 400, 1201);
    }

    @Test
    void pngIsAccepted() {
        assertThat(createWith("image", Base64.getEncoder().encodeToString(TestImages.png(400, 400))).status())
                .isEqualTo(200);
    }

    @Test
    void numericDurationIsRefusedAsTheDocTypeIsString() {
        assertError(createWith("duration", 5), 400, 1201);
    }

    @Test
    void badEnumsAreRefused() {
        assertError(createWith("mode", "ultra"), 400, 1201);
        assertError(createWith("sound", "loud"), 400, 1201);
        assertError(createWith("cfg_scale", 1.5), 400, 1201);
    }

    @Test
    void promptOver2500CharactersIsRefused() {
        assertError(createWith("prompt", "a".repeat(2501)), 400, 1201);
        assertThat(createWith("prompt", "a".repeat(2500)).status()).isEqualTo(200);
        assertError(createWith("negative_prompt", "b".repeat(2501)), 400, 1201);
    }

    @Test
    void lenientWithNullsEmptiesUnknownFieldsAndTheModelAlias() {
        Map<String, Object> body = new java.util.HashMap<>(KlingTestClient.body());
        body.put("static_mask", "");
        body.put("dynamic_masks", List.of());
        body.put("callback_url", "");
        body.put("external_task_id", "");
        body.put("image_tail", null);
        body.put("negative_prompt", null);
        body.put("camera_control", null);
        body.put("aspect_ratio", "16:9");
        body.put("model", "kling-v1");
        body.put("cfg_scale", 0.5);
        body.put("something_new", Map.of("x", 1));
        SimHttp.Answer a = client.create(body);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().get("message").asText()).isEqualTo("SUCCEED");
    }

    @Test
    void unknownTaskIs404With1203AndUnknownRouteIs1202() {
        assertError(client.query("no-such-task"), 404, 1203);
        assertError(client.http.get(sim.baseUrl() + "/v1/videos/nothing-here/x/y", client.bearer()), 404, 1202);
    }

    @Test
    void listReturnsTheAccountsTasks() {
        client.create();
        SimHttp.Answer list = client.http.get(sim.baseUrl() + URL_PATH + "?pageNum=1&pageSize=500", client.bearer());
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("data").isArray()).isTrue();
        assertThat(list.json().get("data").size()).isPositive();
        assertError(client.http.get(sim.baseUrl() + URL_PATH + "?pageSize=501", client.bearer()), 400, 1201);
    }
}
