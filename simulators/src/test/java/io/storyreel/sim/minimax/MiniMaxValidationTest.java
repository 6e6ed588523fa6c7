package io.storyreel.sim.minimax;

import io.storyreel.sim.taskapi.SimHttp;
import io.storyreel.sim.taskapi.SimSettings;
import io.storyreel.sim.taskapi.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Hand-built MiniMax requests that break one documented rule each, and the lenient ones that must pass. */
class MiniMaxValidationTest {

    private static MiniMaxSimulator sim;
    private static MiniMaxTestClient client;

    @BeforeAll
    static void start() {
        sim = MiniMaxSimulator.start(SimSettings.fast());
        sim.faults().createsPerMinute(0);
        client = new MiniMaxTestClient(sim);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static SimHttp.Answer createWith(String field, Object value) {
        Map<String, Object> body = MiniMaxTestClient.body();
        if (value == null) {
            body.remove(field);
        } else {
            body.put(field, value);
        }
        return client.create(body);
    }

    private static void assertRefused(SimHttp.Answer a, int code, String messagePart) {
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().at("/base_resp/status_code").asInt()).isEqualTo(code);
        assertThat(a.json().at("/base_resp/status_msg").asText()).contains(messagePart);
        assertThat(a.header("Trace-Id")).isNotBlank();
    }

    private static String dataUrl(byte[] jpeg) {
        return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(jpeg);
    }

    @Test
    void wrongKeyIsHttp200With2049() {
        SimHttp.Answer a = client.http.post(sim.baseUrl() + "/v1/video_generation", "Bearer not-the-key",
                MiniMaxTestClient.body());
        assertRefused(a, 2049, "invalid api key");
    }

    @Test
    void missingKeyIs1004() {
        assertRefused(client.http.post(sim.baseUrl() + "/v1/video_generation", null, MiniMaxTestClient.body()),
                1004, "");
    }

    @Test
    void missingModelNamesTheBinding() {
        assertRefused(createWith("model", null), 2013, "expr_path=model, cause=missing required parameter");
    }

    @Test
    void unknownModelIs2013() {
        assertRefused(createWith("model", "video-gen"), 2013, "video-gen");
    }

    @Test
    void missingFirstFrameIs2013() {
        assertRefused(createWith("first_frame_image", null), 2013, "first_frame_image");
    }

    @Test
    void rawBase64WithoutDataPrefixIsRefused() {
        assertRefused(createWith("first_frame_image", Base64.getEncoder().encodeToString(TestImages.jpeg(480, 360))),
                2013, "data URL");
    }

    @Test
    void tenSecondsAt1080pIsAnInvalidCombination() {
        Map<String, Object> body = MiniMaxTestClient.body();
        body.put("resolution", "1080P");
        body.put("duration", 10);
        assertRefused(client.create(body), 2013, "1080P");
    }

    @Test
    void seriesZeroOneOnlyDoesSixSecondsAt720p() {
        Map<String, Object> body = MiniMaxTestClient.body();
        body.put("model", "I2V-01");
        body.put("resolution", "720P");
        body.put("duration", 10);
        assertRefused(client.create(body), 2013, "duration");
        body.put("resolution", "768P");
        body.put("duration", 6);
        assertRefused(client.create(body), 2013, "resolution");
    }

    @Test
    void lowerCaseResolutionIsRefused() {
        assertRefused(createWith("resolution", "768p"), 2013, "768p");
    }

    @Test
    void durationMustBeAnInteger() {
        assertRefused(createWith("duration", "6"), 2013, "duration");
    }

    @Test
    void shortSideMustExceed300Pixels() {
        assertRefused(createWith("first_frame_image", dataUrl(TestImages.jpeg(600, 300))), 2013, "short side");
        assertThat(createWith("first_frame_image", dataUrl(TestImages.jpeg(602, 301)))
                .json().at("/base_resp/status_code").asInt()).isZero();
    }

    @Test
    void aspectRatioMustBeWithinTwoFifthsAndFiveHalves() {
        assertRefused(createWith("first_frame_image", dataUrl(TestImages.jpeg(1000, 400))), 2013, "aspect ratio");
        assertRefused(createWith("first_frame_image", dataUrl(TestImages.jpeg(320, 1000))), 2013, "aspect ratio");
    }

    @Test
    void gifIsNotAnAcceptedFormat() {
        assertRefused(createWith("first_frame_image",
                "data:image/png;base64," + Base64.getEncoder().encodeToString(TestImages.gif(480, 360))),
                2013, "format");
    }

    @Test
    void promptOver2000CharactersIsRefused() {
        assertRefused(createWith("prompt", "a".repeat(2001)), 2013, "prompt");
        assertThat(createWith("prompt", "a".repeat(2000)).json().at("/base_resp/status_code").asInt()).isZero();
    }

    @Test
    void lastFrameOnlyOnHailuo02AboveFiveTwelve() {
        Map<String, Object> body = MiniMaxTestClient.body();
        body.put("last_frame_image", MiniMaxTestClient.IMAGE);
        assertRefused(client.create(body), 2013, "512P");
        body.put("model", "MiniMax-Hailuo-2.3");
        body.put("resolution", "768P");
        assertRefused(client.create(body), 2013, "last_frame_image");
    }

    @Test
    void nullsEmptyStringsAndUnknownFieldsAreTolerated() {
        Map<String, Object> body = new java.util.HashMap<>(MiniMaxTestClient.body());
        body.put("callback_url", "");
        body.put("last_frame_image", null);
        body.put("something_new", Map.of("x", 1));
        body.remove("resolution");
        body.remove("duration");
        SimHttp.Answer a = client.create(body);
        assertThat(a.json().at("/base_resp/status_code").asInt()).isZero();
        assertThat(a.json().get("task_id").asText()).matches("\\d+");
    }

    @Test
    void unknownTaskAndFileAre2013() {
        assertRefused(client.query("999"), 2013, "not found");
        assertRefused(client.retrieve("999"), 2013, "not found");
    }
}
