package io.storyreel.app.telegram;

import io.storyreel.app.runtime.StoryreelRuntime;
import io.storyreel.core.config.ConfigLoader;
import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.core.generation.EngineSettings;
import io.storyreel.core.storage.BlobStore;
import io.storyreel.core.video.testing.Mp4Checks;
import io.storyreel.sim.kling.KlingSimulator;
import io.storyreel.sim.taskapi.SimSettings;
import io.storyreel.sim.telegram.FakeTelegramServer;
import io.storyreel.sim.telegram.SimButton;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimMessage;
import io.storyreel.sim.telegram.SimUser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole bot as it runs in production, started from one {@link StoryreelConfig} against the Kling simulator and
 * the fake Telegram Bot API, with a temp data dir (H2 + blobs), a short album debounce, fast pacing and short engine
 * timings. Exposes the fake server's user-acting API ({@link #telegram}) plus a few steps every flow repeats.
 */
final class TelegramStack implements AutoCloseable {
    static final Duration STEP = Duration.ofSeconds(30);
    static final Duration FILM = Duration.ofSeconds(120);

    /** What a test may change. {@code uploadLimitMb} is the bot's configured Telegram upload limit. */
    record Options(FakeTelegramServer.Settings server, String uploadLimitMb, String maxPhotoMb, Duration privatePace,
                   Duration groupPace, Map<String, String> extra, Duration firstPoll, Duration maxPoll,
                   UnaryOperator<EngineSettings> engine) {
        static Options defaults() {
            return new Options(FakeTelegramServer.Settings.defaults().withAlbumGap(Duration.ofMillis(60)), "50", "10",
                    Duration.ofMillis(30), Duration.ofMillis(60), Map.of(), Duration.ofMillis(200),
                    Duration.ofMillis(400), UnaryOperator.identity());
        }

        /** How soon after a submit the engine first polls a clip, and its longest wait between polls. */
        Options withPolls(Duration first, Duration max) {
            return new Options(server, uploadLimitMb, maxPhotoMb, privatePace, groupPace, extra, first, max, engine);
        }

        Options withUploadLimitMb(String mb) {
            return new Options(server, mb, maxPhotoMb, privatePace, groupPace, extra, firstPoll, maxPoll, engine);
        }

        Options withMaxPhotoMb(String mb) {
            return new Options(server, uploadLimitMb, mb, privatePace, groupPace, extra, firstPoll, maxPoll, engine);
        }

        Options withPacing(Duration privateGap, Duration groupGap) {
            return new Options(server, uploadLimitMb, maxPhotoMb, privateGap, groupGap, extra, firstPoll, maxPoll,
                    engine);
        }

        /** Any other setting, e.g. {@code database.url} for PostgreSQL. */
        Options withSetting(String key, String value) {
            Map<String, String> m = new HashMap<>(extra);
            m.put(key, value);
            return new Options(server, uploadLimitMb, maxPhotoMb, privatePace, groupPace, Map.copyOf(m), firstPoll,
                    maxPoll, engine);
        }

        /** A change to the engine's settings after the stack's short timings, e.g. fewer step retries. */
        Options withEngine(UnaryOperator<EngineSettings> change) {
            return new Options(server, uploadLimitMb, maxPhotoMb, privatePace, groupPace, extra, firstPoll, maxPoll,
                    change);
        }
    }

    final KlingSimulator kling;
    final FakeTelegramServer telegram;
    final StoryreelRuntime bot;
    final Path data;
    final StoryreelConfig config;

    private TelegramStack(Options options) throws IOException {
        data = Files.createTempDirectory("storyreel-tg-e2e-");
        kling = KlingSimulator.start(SimSettings.fast().withClipSeconds(1));
        telegram = FakeTelegramServer.start(options.server());
        Map<String, String> settings = new HashMap<>();
        settings.put("data-dir", data.toString());
        settings.put("telegram.token", telegram.token());
        settings.put("telegram.api-url", telegram.baseUrl());
        settings.put("telegram.file-url", telegram.baseUrl());
        settings.put("telegram.upload-limit-mb", options.uploadLimitMb());
        settings.put("kling.base-url", kling.baseUrl());
        settings.put("providers.default", "kling");
        settings.put("limits.max-photo-mb", options.maxPhotoMb());
        settings.put("ops.port", "0"); // any free port: test classes may overlap with a bot a developer runs
        settings.putAll(options.extra());
        config = new ConfigLoader(Map.of()).load(null, settings);
        bot = StoryreelRuntime.start(config, Map.of(), Clock.systemUTC(), new StoryreelRuntime.Tweaks(
                t -> t.withAlbumDebounce(Duration.ofMillis(400), Duration.ofSeconds(3))
                        .withPacing(options.privatePace(), options.groupPace())
                        .withActivityEvery(Duration.ofMillis(300)),
                e -> options.engine().apply(e.withTimings(Duration.ofMillis(100), Duration.ofSeconds(2), 6,
                        options.firstPoll(), options.maxPoll(), Duration.ofMillis(200), Duration.ofMillis(200),
                        Duration.ofSeconds(5)))));
    }

    static TelegramStack start() throws IOException {
        return start(Options.defaults());
    }

    static TelegramStack start(Options options) throws IOException {
        return new TelegramStack(options);
    }

    // ——— steps every flow repeats ———

    /** Waits for a (not deleted) bot message whose current text or caption contains {@code fragment}. */
    SimMessage await(SimChat chat, String fragment) {
        return telegram.awaitBotText(chat, fragment, STEP);
    }

    /** Waits for the first bot message after {@code afterId} that matches. */
    SimMessage awaitAfter(SimChat chat, int afterId, Predicate<SimMessage> p) {
        return telegram.awaitBotMessage(chat, m -> m.messageId() > afterId && !m.deleted() && p.test(m), STEP);
    }

    SimMessage awaitTextAfter(SimChat chat, int afterId, String fragment) {
        return awaitAfter(chat, afterId, m -> m.textOrCaption().contains(fragment));
    }

    /**
     * Sends {@code /status} as a marker and returns the bot's messages between {@code afterId} and the marker's
     * answer: the chat handles events in order, so everything the bot said about earlier input is in the list.
     */
    List<SimMessage> repliesUpToStatus(SimChat chat, SimUser user, int afterId) {
        int marker = telegram.sendCommand(chat, user, "/status");
        SimMessage status = awaitAfter(chat, marker, m -> m.replyTo() == null || m.replyTo() == marker
                ? m.textOrCaption().contains("/list to see them") || m.textOrCaption().startsWith("No storybook yet")
                : false);
        return telegram.botMessages(chat).stream()
                .filter(m -> m.messageId() > afterId && m.messageId() < status.messageId()).toList();
    }

    /** The user's private /setkeys with a Kling key pair; returns the id of the message that held the keys. */
    int setKlingKeys(SimChat privateChat, SimUser user, String accessKey, String secretKey) {
        int sent = telegram.sendCommand(privateChat, user, "/setkeys kling " + accessKey + " " + secretKey);
        awaitTextAfter(privateChat, sent, "Saved your Kling");
        return sent;
    }

    /** {@code /make} by {@code maker}, then {@code payer} presses Confirm; returns the film message. */
    SimMessage makeAndConfirm(SimChat chat, SimUser maker, SimUser payer) {
        int make = telegram.sendCommand(chat, maker, "/make");
        SimMessage estimate = awaitAfter(chat, make, m -> confirmButton(m) != null);
        telegram.pressButton(chat, payer, estimate.messageId(), confirmButton(estimate).callbackData());
        return telegram.awaitBotMessage(chat, m -> m.messageId() > estimate.messageId() && m.hasVideo(), FILM);
    }

    static SimButton confirmButton(SimMessage m) {
        return m.buttons().stream().flatMap(List::stream).filter(b -> b.text().contains("Confirm")).findFirst()
                .orElse(null);
    }

    /** A photo of random noise: it compresses badly, so clips animated from it are large. */
    static byte[] noiseJpeg(int width, int height, long seed) {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(width, height,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.util.Random r = new java.util.Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, r.nextInt());
            }
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(img, "jpg", out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    // ——— what was made ———

    /** The downloaded clips of the chat's latest film, in film order. */
    List<Path> clipsOfLatestFilm() throws SQLException {
        BlobStore blobs = BlobStore.files(config.dataDir().resolve("blobs"));
        List<Path> out = new ArrayList<>();
        try (Connection c = bot.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT k.blob FROM clip k JOIN film f ON f.storybook_id = "
                     + "k.storybook_id WHERE k.state = 'DOWNLOADED' AND f.created_at = (SELECT MAX(created_at) FROM "
                     + "film) ORDER BY k.position");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(blobs.path(rs.getString(1)));
            }
        }
        return out;
    }

    /** Asserts the delivered film lasts as long as its clips together (within 0.2 s). */
    void assertFilmIsSumOfClips(byte[] film, int clips) throws Exception {
        Path mp4 = Files.createTempFile(data, "delivered-", ".mp4");
        Files.write(mp4, film);
        List<Path> parts = clipsOfLatestFilm();
        assertThat(parts).hasSize(clips);
        double sum = 0;
        for (Path p : parts) {
            sum += Mp4Checks.inspect(p).videoSeconds();
        }
        assertThat(Mp4Checks.inspect(mp4).videoSeconds()).isCloseTo(sum, org.assertj.core.data.Offset.offset(0.2));
    }

    @Override
    public void close() {
        try {
            bot.close();
        } finally {
            telegram.close();
            kling.close();
            try (Stream<Path> s = Files.walk(data)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp dir; the OS cleans up
            }
        }
    }
}
