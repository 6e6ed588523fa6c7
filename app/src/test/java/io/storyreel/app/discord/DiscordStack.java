package io.storyreel.app.discord;

import io.storyreel.app.runtime.StoryreelRuntime;
import io.storyreel.core.config.ConfigLoader;
import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.core.testing.SettableClock;
import io.storyreel.sim.discord.FakeDiscord;
import io.storyreel.sim.kling.KlingSimulator;
import io.storyreel.sim.taskapi.SimSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The whole bot as it runs in production, started from one {@link StoryreelConfig} with Discord settings pointing at
 * the fake Discord (REST, gateway) and Kling at the simulator, with a temp data dir (H2, blobs, master keyset) and
 * short engine timings. The bot, the fake and the simulator share one {@link SettableClock} that follows the fake's
 * time. Exposes the fake's user-acting API ({@link #discord}) plus the steps every flow repeats.
 */
final class DiscordStack implements AutoCloseable {
    static final Duration STEP = Duration.ofSeconds(30);
    static final Duration FILM = Duration.ofSeconds(120);

    /**
     * What a test may change: the fake's per-file upload limit, the bot's {@code discord.upload-limit-mb}, the
     * simulator's clip length and {@code limits.max-photo-mb}.
     */
    record Options(long fakeUploadLimitBytes, String botUploadLimitMb, double clipSeconds, String maxPhotoMb,
                   Map<String, String> extra) {
        static Options defaults() {
            return new Options(FakeDiscord.Settings.DEFAULT_UPLOAD_LIMIT, "20", 1.0, "10", Map.of());
        }

        Options withUploadLimit(long fakeBytes, String botMb) {
            return new Options(fakeBytes, botMb, clipSeconds, maxPhotoMb, extra);
        }

        Options withClipSeconds(double seconds) {
            return new Options(fakeUploadLimitBytes, botUploadLimitMb, seconds, maxPhotoMb, extra);
        }

        Options withMaxPhotoMb(String mb) {
            return new Options(fakeUploadLimitBytes, botUploadLimitMb, clipSeconds, mb, extra);
        }

        /** Any other setting, e.g. {@code web.port}. */
        Options withSetting(String key, String value) {
            Map<String, String> m = new HashMap<>(extra);
            m.put(key, value);
            return new Options(fakeUploadLimitBytes, botUploadLimitMb, clipSeconds, maxPhotoMb, Map.copyOf(m));
        }
    }

    final FakeDiscord discord;
    final SettableClock clock;
    final KlingSimulator kling;
    final StoryreelRuntime bot;
    final StoryreelConfig config;
    final Path data;
    final FakeDiscord.Guild guild;
    private final AtomicLong ids = new AtomicLong(7_000);

    private DiscordStack(Options options) throws IOException {
        data = Files.createTempDirectory("storyreel-dc-e2e-");
        discord = FakeDiscord.start(FakeDiscord.Settings.defaults().withUploadLimit(options.fakeUploadLimitBytes()));
        clock = SettableClock.following(discord::now);
        kling = KlingSimulator.start(SimSettings.fast().withClipSeconds(options.clipSeconds()).withClock(clock));
        Map<String, String> settings = new HashMap<>();
        settings.put("data-dir", data.toString());
        settings.put("discord.token", discord.settings().botToken());
        settings.put("discord.api-url", discord.restUrl());
        settings.put("discord.gateway-url", discord.gatewayUrl());
        settings.put("discord.upload-limit-mb", options.botUploadLimitMb());
        settings.put("kling.base-url", kling.baseUrl());
        settings.put("providers.default", "kling");
        settings.put("limits.max-photo-mb", options.maxPhotoMb());
        settings.put("ops.port", "0");
        settings.putAll(options.extra());
        config = new ConfigLoader(Map.of()).load(null, settings);
        StoryreelRuntime started = null;
        try {
            started = StoryreelRuntime.start(config, Map.of(), clock, new StoryreelRuntime.Tweaks(t -> t,
                    e -> e.withTimings(Duration.ofMillis(100), Duration.ofSeconds(2), 6, Duration.ofMillis(200),
                            Duration.ofMillis(400), Duration.ofMillis(200), Duration.ofMillis(200),
                            Duration.ofSeconds(5))));
        } finally {
            if (started == null) {
                kling.close();
                discord.close();
            }
        }
        bot = started;
        guild = discord.guild(ids.incrementAndGet(), "Film friends");
    }

    static DiscordStack start() throws IOException {
        return start(Options.defaults());
    }

    static DiscordStack start(Options options) throws IOException {
        return new DiscordStack(options);
    }

    FakeDiscord.User user(String name) {
        return discord.user(ids.incrementAndGet(), name);
    }

    FakeDiscord.Channel channel(String name) {
        return discord.channel(guild, ids.incrementAndGet(), name);
    }

    // ——— steps every flow repeats ———

    /**
     * The bot's finished answer to one interaction: its filled deferred reply, or the (ephemeral) follow-up that
     * replaced it, or a follow-up on a button press, or, for a command deferred privately whose answer is for
     * everyone, the first matching channel message posted after it.
     */
    FakeDiscord.Posted answerTo(FakeDiscord.Interaction i) {
        return answerTo(i, p -> true);
    }

    FakeDiscord.Posted answerTo(FakeDiscord.Interaction i, Predicate<FakeDiscord.Posted> condition) {
        return discord.awaitMessage(p -> !p.loading() && condition.test(p) && (p.interactionId() != null
                ? p.interactionId() == i.id()
                : p.channelId() == i.channel().id() && p.id() > i.id() && !p.ephemeral()), STEP);
    }

    /** {@code /story add} with one photo and its prompt. */
    FakeDiscord.Interaction storyAdd(FakeDiscord.User who, FakeDiscord.Channel where, FakeDiscord.Upload image,
                                     String prompt) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("image", image);
        options.put("prompt", prompt);
        return discord.slash(who, where, "story", "add", options);
    }

    static FakeDiscord.Upload jpeg(String name, byte[] bytes) {
        return new FakeDiscord.Upload(name, "image/jpeg", bytes);
    }

    /** {@code /setkeys provider:kling}, then the modal filled in and submitted; returns the bot's answer. */
    FakeDiscord.Posted setKlingKeys(FakeDiscord.User who, FakeDiscord.Channel where, String accessKey,
                                    String secretKey) {
        FakeDiscord.Interaction open = discord.slash(who, where, "setkeys", null, Map.of("provider", "kling"));
        FakeDiscord.Modal modal = discord.awaitModal(open, STEP);
        Map<String, String> values = new LinkedHashMap<>();
        values.put(modal.inputIds().get(0), accessKey);
        values.put(modal.inputIds().get(1), secretKey);
        FakeDiscord.Interaction submit = discord.submitModal(who, open, values);
        return answerTo(submit);
    }

    /** {@code /story make} by {@code maker}; returns the estimate with its Confirm button. */
    FakeDiscord.Posted make(FakeDiscord.User maker, FakeDiscord.Channel where) {
        FakeDiscord.Interaction make = discord.slash(maker, where, "story", "make", Map.of());
        return answerTo(make, p -> confirmButton(p).isPresent());
    }

    static Optional<FakeDiscord.Button> confirmButton(FakeDiscord.Posted p) {
        return p.buttons().stream().flatMap(List::stream).filter(b -> b.label().contains("Confirm")).findFirst();
    }

    FakeDiscord.Interaction pressConfirm(FakeDiscord.User payer, FakeDiscord.Posted estimate) {
        return discord.pressButton(payer, estimate, confirmButton(estimate).orElseThrow().customId());
    }

    /**
     * Waits until the Kling simulator journaled {@code n} paid creates on {@code accessKey}; when it does not, the
     * failure carries what the chat showed and what the bot asked of the fake, so a failure says why.
     */
    void awaitPaidCreates(String accessKey, int n) {
        try {
            org.awaitility.Awaitility.await().atMost(STEP).until(() -> kling.journal().createsFor(accessKey) == n);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("expected " + n + " paid creates on the key, the journal has "
                    + kling.journal().createsFor(accessKey) + "; the chat showed:\n" + String.join("\n", discord.transcript())
                    + "\nrequests: " + discord.requests(), e);
        }
    }

    /** The channel message that carries the film. */
    FakeDiscord.Posted awaitFilm(FakeDiscord.Channel where) {
        return discord.awaitMessage(p -> p.channelId() == where.id() && film(p).isPresent(), FILM);
    }

    static Optional<FakeDiscord.File> film(FakeDiscord.Posted p) {
        return p.files().stream().filter(f -> f.fileName().endsWith(".mp4")).findFirst();
    }

    /** Writes the delivered film to the data dir, for probing. */
    Path saveFilm(FakeDiscord.Posted message) throws IOException {
        Path mp4 = Files.createTempFile(data, "delivered-", ".mp4");
        Files.write(mp4, film(message).orElseThrow().bytes());
        return mp4;
    }

    String transcript() {
        return String.join("\n", discord.transcript());
    }

    @Override
    public void close() {
        try {
            bot.close();
        } finally {
            discord.close();
            kling.close();
            try (Stream<Path> s = Files.walk(data)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp dir; the OS cleans up
            }
        }
    }
}
