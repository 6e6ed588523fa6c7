package io.storyreel.core.conversation;

import io.storyreel.core.config.ConfigLoader;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.provider.registry.ProviderRegistry;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which texts are taken for provider keys: the forms people paste (a provider's name and its keys, the command typed
 * without its slash, a JWT in a sentence, a lone long random token) are; prompts, links, file names and short codes
 * are not.
 */
class KeyLookalikeTest {
    /** The installed providers themselves (their ids, names, key fields and key shapes), as the bot builds them. */
    private final List<VideoProvider> providers = List.copyOf(ProviderRegistry.installed().create(
            new ConfigLoader(Map.of()).load(null, Map.of()), new OkHttpClient(), Clock.systemUTC()).values());

    private Optional<KeyLookalike.Match> match(String text) {
        return KeyLookalike.match(text, providers);
    }

    @Test
    void aProviderNameFollowedByKeysIsKeys() {
        var m = match("kling AKfake0123456789 SKsecret0123456789abcdef").orElseThrow();
        assertThat(m.provider().id()).isEqualTo("kling");
        assertThat(m.secrets()).containsExactly("AKfake0123456789", "SKsecret0123456789abcdef");

        assertThat(match("Kling: sim-kling-access-key sim-kling-secret-key-0123456789")).get()
                .extracting(x -> x.provider().id()).isEqualTo("kling");
        assertThat(match("setkeys minimax sk-api-0123456789abcdefghijKLMN")).get()
                .extracting(x -> x.provider().id()).isEqualTo("minimax");
        assertThat(match("/setkeys kling AKfake0123456789 SKsecret0123456789abcdef")).isPresent();
    }

    @Test
    void aTokenShapedLikeAProvidersKeysIsKeysAnywhereInTheText() {
        String jwt = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJHcm91cE5hbWUiOiJzdG9yeXJlZWwifQ.c2lnbmF0dXJlLXBhcnQtMTIz";
        var m = match("here is my key " + jwt + " thanks").orElseThrow();
        assertThat(m.provider().id()).isEqualTo("minimax");
        assertThat(m.secrets()).containsExactly(jwt);
        assertThat(match("\"sk-cp-AbCdEfGhIjKlMnOpQrStUvWx\", is that right?")).get()
                .extracting(x -> x.secrets()).isEqualTo(List.of("sk-cp-AbCdEfGhIjKlMnOpQrStUvWx"));
    }

    @Test
    void lonelyLongRandomTokensAreKeysOfSomeProvider() {
        String runway = "key_" + "0123456789abcdef".repeat(8);
        assertThat(match(runway)).get().extracting(KeyLookalike.Match::secrets).isEqualTo(List.of(runway));
        assertThat(match("AIzaSyD4x9Qw2Ls8Kp1Rt6Uv3Yb7Nc0Mf5Hg-Jk")).isPresent();
        assertThat(match("3f2a1b9c-7d4e-4a5b-9c8d-1e2f3a4b5c6d:9f8e7d6c5b4a39281706f5e4d3c2b1a0")).isPresent();
        assertThat(match("AfGyL4Ph8TkfBRtHhhRb3RJdFnbE3rbT gT5nLm2Qx8Rv4Kw9Zp1Hs6Jd3Fb7Nc0")).get()
                .extracting(KeyLookalike.Match::provider).isNull();
    }

    @Test
    void prompsLinksFileNamesAndShortCodesAreNotKeys() {
        for (String prompt : List.of("a red fox jumps over the fence", "kling style: slow zoom on the boat",
                "minimax please", "zoom-in-slowly-then-pan-left", "supercalifragilisticexpialidocious",
                "https://example.com/a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6", "IMG_20240101_123456789.jpg", "4K60fps",
                "the year 2024 in 1080p at 60fps", "Kling", "", "SummerHolidays2024Spain", "Holiday-2024-Barcelona-Trip",
                "MyBirthdayParty2025Lisbon", "grandma_birthday_2025_video")) {
            assertThat(match(prompt)).as(prompt).isEmpty();
        }
    }
}
