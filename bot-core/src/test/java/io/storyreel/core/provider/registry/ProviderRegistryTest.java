package io.storyreel.core.provider.registry;

import io.storyreel.core.config.ConfigLoader;
import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.core.provider.CallbackReader;
import io.storyreel.core.provider.CredentialField;
import io.storyreel.core.provider.ProviderContext;
import io.storyreel.core.provider.ProviderDefaults;
import io.storyreel.core.provider.ProviderDirectory;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.provider.VideoProviderFactory;
import io.storyreel.core.provider.fal.FalProviderFactory;
import io.storyreel.core.provider.kling.KlingProviderFactory;
import io.storyreel.core.provider.minimax.MiniMaxProviderFactory;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The registry builds each installed provider from its configuration section, through one context. */
class ProviderRegistryTest {

    @Test
    void theBundledProvidersAreInstalledThroughServiceLoaderInIdOrder() {
        assertThat(VideoProviderFactory.installed()).extracting(VideoProviderFactory::id)
                .containsExactly("fal", "google", "kling", "minimax", "runway");
    }

    @Test
    void eachProviderIsBuiltFromItsOwnSectionWithTheCallbackUrlForItsId() {
        AtomicReference<ProviderContext> seen = new AtomicReference<>();
        VideoProviderFactory kling = new KlingProviderFactory();
        VideoProviderFactory spy = new VideoProviderFactory() {
            @Override
            public String id() {
                return "kling";
            }

            @Override
            public String displayName() {
                return kling.displayName();
            }

            @Override
            public List<CredentialField> credentials() {
                return kling.credentials();
            }

            @Override
            public ProviderDefaults defaults() {
                return kling.defaults();
            }

            @Override
            public VideoProvider create(ProviderContext context) {
                seen.set(context);
                return kling.create(context);
            }
        };
        List<VideoProviderFactory> factories = List.of(spy, new MiniMaxProviderFactory());
        StoryreelConfig config = new ConfigLoader(Map.of("STORYREEL_KLING_REQUESTS_PER_MINUTE", "7"), factories)
                .load(null, Map.of("kling.base-url", "http://127.0.0.1:4100", "callbacks.public-url",
                        "https://bot.example.com/hooks/"));

        Map<String, VideoProvider> providers = new ProviderRegistry(factories)
                .create(config, new OkHttpClient(), Clock.systemUTC());

        assertThat(providers.keySet()).containsExactly("kling", "minimax");
        ProviderContext c = seen.get();
        assertThat(c.baseUrl()).isEqualTo("http://127.0.0.1:4100");
        assertThat(c.requestsPerMinute()).isEqualTo(7);
        assertThat(c.callbackUrl()).isEqualTo("https://bot.example.com/hooks/kling");
        assertThat(c.capabilities().displayName()).isEqualTo("Kling AI");
        assertThat(ProviderDirectory.of(providers.values()).entries())
                .extracting(ProviderDirectory.Entry::id, ProviderDirectory.Entry::displayName)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("kling", "Kling AI"),
                        org.assertj.core.groups.Tuple.tuple("minimax", "MiniMax Hailuo"));
        assertThat(ProviderDirectory.of(providers.values()).find("kling").orElseThrow().credentials())
                .extracting(CredentialField::snakeName).containsExactly("access_key", "secret_key");
    }

    /** A reader that needs its provider's configuration (fal's key address) is built from the same context. */
    @Test
    void callbackReadersAreBuiltFromTheProvidersOwnSettings() {
        AtomicReference<ProviderContext> seen = new AtomicReference<>();
        VideoProviderFactory fal = new FalProviderFactory();
        VideoProviderFactory spy = new VideoProviderFactory() {
            @Override
            public String id() {
                return fal.id();
            }

            @Override
            public String displayName() {
                return fal.displayName();
            }

            @Override
            public List<CredentialField> credentials() {
                return fal.credentials();
            }

            @Override
            public ProviderDefaults defaults() {
                return fal.defaults();
            }

            @Override
            public VideoProvider create(ProviderContext context) {
                return fal.create(context);
            }

            @Override
            public CallbackReader callbackReader(ProviderContext context) {
                seen.set(context);
                return fal.callbackReader(context);
            }
        };
        List<VideoProviderFactory> factories = List.of(spy, new KlingProviderFactory());
        StoryreelConfig config = new ConfigLoader(Map.of("STORYREEL_FAL_WEBHOOK_JWKS_URL",
                "http://127.0.0.1:4200/.well-known/jwks.json"), factories)
                .load(null, Map.of("callbacks.public-url", "https://bot.example.com/hooks"));

        Map<String, CallbackReader> readers = new ProviderRegistry(factories).callbackReaders(config,
                new OkHttpClient(), Clock.systemUTC());

        assertThat(readers.keySet()).containsExactly(fal.id(), "kling");
        assertThat(seen.get().setting(FalProviderFactory.JWKS_URL, null))
                .isEqualTo("http://127.0.0.1:4200/.well-known/jwks.json");
        assertThat(seen.get().callbackUrl()).isEqualTo("https://bot.example.com/hooks/fal");
        assertThat(readers.get(fal.id()).read(bytes("{\"request_id\":\"x\"}"))).as("unsigned")
                .isEqualTo(new CallbackReader.Callback.Unreadable());
    }

    @Test
    void eachProviderReadsItsOwnCallbackBodies() {
        Map<String, CallbackReader> readers = ProviderRegistry.installed().callbackReaders();
        assertThat(readers.get("minimax").read(bytes("{\"challenge\":\"c-\\\"1\"}")))
                .isEqualTo(new CallbackReader.Callback.Challenge("{\"challenge\":\"c-\\\"1\"}"));
        assertThat(readers.get("minimax").read(bytes("{\"task_id\":\"115\",\"status\":\"Success\"}")))
                .isEqualTo(new CallbackReader.Callback.TaskChanged("115"));
        assertThat(readers.get("kling").read(bytes("{\"challenge\":\"c\"}")))
                .as("Kling has no handshake").isEqualTo(new CallbackReader.Callback.NoTask());
        assertThat(readers.get("kling").read(bytes("{\"code\":0,\"data\":{\"task_id\":\"Cj2\"}}")))
                .isEqualTo(new CallbackReader.Callback.TaskChanged("Cj2"));
        assertThat(readers.get("kling").read(bytes("[1]"))).isEqualTo(new CallbackReader.Callback.Unreadable());
        assertThat(readers.get("minimax").read(bytes("not json"))).isEqualTo(new CallbackReader.Callback.Unreadable());
    }

    @Test
    void twoProvidersUnderOneIdAreRefused() {
        assertThatThrownBy(() -> new ProviderRegistry(List.of(new KlingProviderFactory(), new KlingProviderFactory())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'kling'");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
