package io.storyreel.app.demo;

import io.storyreel.app.runtime.StoryreelRuntime;
import io.storyreel.core.config.ConfigLoader;
import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.core.generation.EngineSettings;
import io.storyreel.core.generation.PollSchedule;
import io.storyreel.core.image.ImageInspector;
import io.storyreel.core.image.OrientationNormaliser;
import io.storyreel.core.provider.fal.FalProvider;
import io.storyreel.core.provider.google.VeoProvider;
import io.storyreel.core.provider.kling.KlingProvider;
import io.storyreel.core.provider.minimax.MiniMaxProvider;
import io.storyreel.core.provider.runway.RunwayProvider;
import io.storyreel.sim.fal.FalSimulator;
import io.storyreel.sim.google.VeoSimulator;
import io.storyreel.sim.kling.KlingSimulator;
import io.storyreel.sim.minimax.MiniMaxSimulator;
import io.storyreel.sim.runway.RunwaySimulator;
import io.storyreel.sim.taskapi.SimSettings;
import io.storyreel.sim.telegram.AlbumPart;
import io.storyreel.sim.telegram.FakeTelegramServer;
import io.storyreel.sim.telegram.SimButton;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimMessage;
import io.storyreel.sim.telegram.SimUser;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The offline demo: a provider simulator, the fake Telegram Bot API and the real bot in one process over real HTTP
 * on 127.0.0.1, and a scripted user who makes one film the way a new user would. Returns the exit code. When the bot
 * refuses a photo or the film, the run ends at once with {@link Refused} carrying the bot's own words; when the bot
 * stays silent too long, with {@link GaveUp}.
 */
public final class DemoRun {
    /**
     * A photo and its prompt: its bytes, or ({@code bytes} null, {@link #onDisk}) a file streamed into the fake
     * Telegram as it is sent, so a bench measuring the bot's heap does not count the photos' bytes as well.
     */
    public record Photo(String fileName, byte[] bytes, Path file, String prompt) {
        public Photo(String fileName, byte[] bytes, String prompt) {
            this(fileName, bytes, null, prompt);
        }

        public static Photo onDisk(Path file, String prompt) {
            return new Photo(file.getFileName().toString(), null, file, prompt);
        }
    }

    /** The bot said no (a photo it would not take, a film it would not make): its answer, on one line. */
    public static final class Refused extends RuntimeException {
        Refused(String botAnswer) {
            super(botAnswer.strip().replaceAll("\\s*\\n\\s*", " "), null, false, false);
        }
    }

    /** The bot did not answer in time; the chat so far has been printed. */
    public static final class GaveUp extends RuntimeException {
        GaveUp(String what) {
            super("the demo gave up waiting for " + what, null, false, false);
        }
    }

    /**
     * The simulators make a clip in the seconds asked for (not a real provider's minutes), so the demo's engine polls
     * them every half second to two seconds ({@code engine.poll-schedule: fixed}: the adaptive schedule expects a real
     * provider's minutes and would first look up to four times the longest wait later) instead of on each provider's
     * real cadence, which would leave a one-second clip unnoticed for half a minute; everything else is the bot as it
     * runs.
     */
    private static EngineSettings simulatorPace(EngineSettings e) {
        return e.withProviderMinPoll(Map.of()).withTimings(Duration.ofMillis(250), Duration.ofSeconds(2), 6,
                Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofMillis(500),
                Duration.ofSeconds(5)).withPolling(PollSchedule.Mode.FIXED, Duration.ofMillis(500));
    }

    private static final Duration STEP = Duration.ofSeconds(60);
    private static final Duration FILM = Duration.ofMinutes(4);

    private final String provider;
    private final List<Photo> photos;
    private final Path out;
    private final double clipSeconds;
    private final Path keepData;
    private final PrintStream console;
    private final boolean asFiles;
    private final List<String> settingLines;
    private final Map<String, Long> marks = new HashMap<>();

    public DemoRun(String provider, List<Photo> photos, Path out, double clipSeconds, Path keepData, PrintStream console) {
        this(provider, photos, out, clipSeconds, keepData, console, false, List.of());
    }

    private DemoRun(String provider, List<Photo> photos, Path out, double clipSeconds, Path keepData,
                    PrintStream console, boolean asFiles, List<String> settingLines) {
        this.provider = provider;
        this.photos = photos;
        this.out = out;
        this.clipSeconds = clipSeconds;
        this.keepData = keepData;
        this.console = console;
        this.asFiles = asFiles;
        this.settingLines = List.copyOf(settingLines);
    }

    /**
     * The same run with each photo sent "as a file" (a document, one message each), as users send originals:
     * Telegram then passes the bytes on untouched instead of re-encoding them at 2,560 px at most.
     */
    public DemoRun sendingFiles() {
        return new DemoRun(provider, photos, out, clipSeconds, keepData, console, true, settingLines).withPageOf(this);
    }

    /** The same run with these {@code /settings} lines typed after the provider is chosen ({@link DemoSettings}). */
    public DemoRun withSettings(List<String> lines) {
        return new DemoRun(provider, photos, out, clipSeconds, keepData, console, asFiles, lines).withPageOf(this);
    }

    private DemoRun withPageOf(DemoRun other) {
        this.webPort = other.webPort;
        this.webHold = other.webHold;
        this.music = other.music;
        return this;
    }

    private Path music;

    /** The same run with {@code file} sent as the storybook's music (a Telegram audio message) before /make. */
    public DemoRun withMusic(Path file) {
        this.music = file;
        return this;
    }

    private Integer webPort;
    private Duration webHold;

    /**
     * The same run with the storyboard page on {@code port} (0: a free one): Alex asks for it with {@code /web} and its
     * one-time link is printed, so the journey can be watched on the page; after the film the page stays up for
     * {@code hold} (null: until the process is stopped).
     */
    public DemoRun withPage(int port, Duration hold) {
        this.webPort = port;
        this.webHold = hold;
        return this;
    }

    /**
     * The bot's own collection checks on one photo ({@link ImageInspector}, then the stored form made by
     * {@link OrientationNormaliser}), with the limits the demo's bot runs with, so a photo the bot would refuse is
     * refused before anything starts.
     *
     * @throws ImageInspector.Rejected with the sentence the bot would say
     */
    public static void checkPhoto(byte[] bytes) {
        StoryreelConfig config = new ConfigLoader(Map.of()).load(null, settings(Path.of("unused"),
                "0:check", "http://127.0.0.1:9", "http://127.0.0.1:9", "http://127.0.0.1:9", KlingProvider.ID));
        ImageInspector inspector = new ImageInspector(ImageInspector.Limits.withMaxBytes(config.limits().maxPhotoBytes()));
        new OrientationNormaliser().normalise(bytes, inspector.inspect(bytes));
    }

    private static Map<String, String> settings(Path data, String token, String telegramUrl, String klingUrl,
                                                String minimaxUrl, String provider) {
        Map<String, String> settings = new HashMap<>();
        settings.put("data-dir", data.toString());
        settings.put("telegram.token", token);
        settings.put("telegram.api-url", telegramUrl);
        settings.put("telegram.file-url", telegramUrl);
        settings.put("kling.base-url", klingUrl);
        settings.put("minimax.base-url", minimaxUrl);
        settings.put("minimax.requests-per-minute", "60");
        settings.put("providers.default", provider);
        settings.put("ops.port", "0"); // the demo may run next to a real bot
        return settings;
    }

    public int run() throws Exception {
        Path data = keepData != null ? Files.createDirectories(keepData) : Files.createTempDirectory("storyreel-demo-");
        SimSettings sim = SimSettings.fast().withClipSeconds(clipSeconds);
        try (KlingSimulator kling = KlingSimulator.start(sim);
             MiniMaxSimulator minimax = MiniMaxSimulator.start(sim);
             RunwaySimulator runway = RunwaySimulator.start(sim);
             VeoSimulator google = VeoSimulator.start(sim);
             FalSimulator fal = FalSimulator.start(sim);
             FakeTelegramServer telegram = FakeTelegramServer.start()) {
            // The demo makes up to six clips at once; let the simulated MiniMax account take them without the
            // 5-a-minute wait that the real one imposes (the client's limiter is set to match, below).
            minimax.faults().createsPerMinute(60);
            Map<String, String> settings = settings(data, telegram.token(), telegram.baseUrl(), kling.baseUrl(),
                    minimax.baseUrl(), provider);
            settings.put(RunwayProvider.ID + ".base-url", runway.baseUrl());
            settings.put(VeoProvider.ID + ".base-url", google.baseUrl());
            settings.put("fal.base-url", fal.baseUrl());
            if (webPort != null) {
                settings.put("web.port", Integer.toString(webPort));
            }
            StoryreelConfig config = new ConfigLoader(Map.of()).load(null, settings);

            console.println("Storyreel demo: " + photos.size() + " photo(s), provider " + provider + ", on 127.0.0.1");
            String simulator = switch (provider) {
                case KlingProvider.ID -> kling.baseUrl();
                case RunwayProvider.ID -> runway.baseUrl();
                case VeoProvider.ID -> google.baseUrl();
                case FalProvider.ID -> fal.baseUrl();
                default -> minimax.baseUrl();
            };
            console.println("  " + provider + " simulator  " + simulator);
            console.println("  Telegram Bot API (fake)  " + telegram.baseUrl());
            console.println();
            try (StoryreelRuntime bot = StoryreelRuntime.start(config, Map.of(), Clock.systemUTC(),
                    new StoryreelRuntime.Tweaks(t -> t.withAlbumDebounce(Duration.ofMillis(700), Duration.ofSeconds(5)),
                            DemoRun::simulatorPace))) {
                SimUser user = telegram.user(4242, "Alex", "alex");
                SimChat chat = telegram.privateChat(user);
                String keys = switch (provider) {
                    case KlingProvider.ID -> KlingProvider.ID + " " + kling.accessKey() + " " + kling.secretKey();
                    case RunwayProvider.ID -> RunwayProvider.ID + " " + runway.apiKey();
                    case VeoProvider.ID -> VeoProvider.ID + " " + google.apiKey();
                    case FalProvider.ID -> FalProvider.ID + " " + fal.key();
                    default -> MiniMaxProvider.ID + " " + minimax.apiKey();
                };

                mark("collect.start");
                int start = telegram.sendCommand(chat, user, "/start");
                await(telegram, chat, start, m -> m.textOrCaption().contains("/make"), "the welcome message");
                if (webPort != null) {
                    int web = telegram.sendCommand(chat, user, "/web");
                    String link = await(telegram, chat, web, m -> m.textOrCaption().contains("/signin/"), "the page's link")
                            .text().replaceAll("(?s).*?(http\\S+/signin/\\S+).*", "$1");
                    console.println("Storyboard page (a one-time link; open it once): " + link);
                    console.println();
                }
                int firstPhoto = sendPhotos(telegram, chat, user);
                // each answer either adds (the last one counting all photos) or says why a photo was not added
                Predicate<SimMessage> added = m -> m.textOrCaption().contains("Added")
                        && !m.textOrCaption().contains("not added");
                await(telegram, chat, firstPhoto, m -> added.test(m) && m.textOrCaption().contains(photos.size() + " of"),
                        added, "the bot to take all " + photos.size() + " photos");
                mark("collect.end");
                int chosen = telegram.sendCommand(chat, user, "/provider " + provider);
                await(telegram, chat, chosen, m -> m.textOrCaption().contains("will be made with"), "the provider to be set");
                for (String line : settingLines) {
                    int sent = telegram.sendCommand(chat, user, "/settings " + line);
                    await(telegram, chat, sent, m -> m.textOrCaption().startsWith("⚙️ Settings"), m -> false,
                            "the setting " + line);
                }
                if (music != null) {
                    int sent = telegram.sendAudio(chat, user, Files.readAllBytes(music),
                            music.getFileName().toString(), "audio/mpeg", null);
                    await(telegram, chat, sent, m -> m.textOrCaption().startsWith("🎵 Music set"), m -> false,
                            "the music to be taken");
                }
                int keyMessage = telegram.sendCommand(chat, user, "/setkeys " + keys);
                await(telegram, chat, keyMessage, m -> m.textOrCaption().contains("Saved your"), "the keys to be saved");
                boolean keyDeleted = telegram.message(chat, keyMessage).map(SimMessage::deleted).orElse(false);
                int make = telegram.sendCommand(chat, user, "/make");
                // the answer to /make is the estimate, or why the bot can't make the film (e.g. a provider's rule)
                SimMessage estimate = await(telegram, chat, make, m -> confirmButton(m) != null, m -> false,
                        "the estimate with a Confirm button");
                mark("generate.start");
                telegram.pressButton(chat, user, estimate.messageId(), confirmButton(estimate).callbackData());
                SimMessage film;
                try {
                    film = telegram.awaitBotMessage(chat, SimMessage::hasVideo, FILM);
                } catch (RuntimeException e) {
                    console.println(telegram.transcript(chat));
                    throw new GaveUp("the film");
                }
                mark("deliver.end");
                try { // the status message's last words follow the film at the chat's pace: shown as the chat ends up
                    telegram.awaitBotText(chat, "Your film is below", Duration.ofSeconds(5));
                } catch (RuntimeException late) { // printed as it stands: the transcript is what the chat showed
                }

                Path target = out.toAbsolutePath();
                Files.createDirectories(target.getParent());
                Path tmp = Files.createTempFile(target.getParent(), ".demo-", ".mp4");
                Files.write(tmp, film.video());
                try {
                    // temporary files are owner-only; the film is an ordinary file the user shares
                    Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                } catch (UnsupportedOperationException notPosix) {
                    // non-POSIX file system: keep its defaults
                }
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);

                console.println("── The chat, as Alex saw it ──");
                console.println(telegram.transcript(chat));
                console.println(keyDeleted ? "(The /setkeys message was deleted by the bot at once.)"
                        : "(Warning: the /setkeys message was not deleted.)");
                console.println();
                printTimings(bot);
                console.println();
                console.println("Film: " + target + " (" + film.video().length / 1024 + " KiB)");
                if (webPort != null) {
                    holdPage();
                }
                return 0;
            }
        } finally {
            if (keepData == null) {
                deleteTree(data);
            }
        }
    }

    private void holdPage() throws InterruptedException {
        if (webHold == null) {
            console.println("The storyboard page stays up until you stop the demo (Ctrl-C).");
            Thread.currentThread().join();
        } else if (!webHold.isZero()) {
            console.println("The storyboard page stays up for " + webHold.toSeconds() + " s.");
            Thread.sleep(webHold.toMillis());
        }
    }

    private static SimButton confirmButton(SimMessage m) {
        return m.buttons().stream().flatMap(List::stream).filter(b -> b.text().contains("Confirm")).findFirst().orElse(null);
    }

    private static byte[] head(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return in.readNBytes(16);
        }
    }

    private int sendPhotos(FakeTelegramServer telegram, SimChat chat, SimUser user) throws IOException {
        if (asFiles) {
            int first = -1;
            for (Photo p : photos) {
                String mime = ImageInspector.sniff(p.bytes() != null ? p.bytes() : head(p.file()));
                mime = mime == null ? "image/jpeg" : mime;
                int id = p.bytes() == null
                        ? telegram.sendDocument(chat, user, p.file(), p.fileName(), mime, p.prompt())
                        : telegram.sendDocument(chat, user, p.bytes(), p.fileName(), mime, p.prompt());
                first = first < 0 ? id : first;
            }
            return first;
        }
        List<AlbumPart> album = new ArrayList<>();
        for (Photo p : photos) {
            album.add(new AlbumPart(p.bytes() != null ? p.bytes() : Files.readAllBytes(p.file()), p.prompt()));
        }
        return album.size() == 1
                ? telegram.sendPhoto(chat, user, album.get(0).bytes(), album.get(0).caption())
                : telegram.sendAlbum(chat, user, album).get(0);
    }

    /** Waits for a bot message newer than the user's message {@code after} that matches {@code p}. */
    private SimMessage await(FakeTelegramServer tg, SimChat chat, int after, Predicate<SimMessage> p, String what) {
        return await(tg, chat, after, p, m -> true, what);
    }

    /**
     * Like {@link #await(FakeTelegramServer, SimChat, int, Predicate, String)}, but a newer bot message that matches
     * neither {@code p} nor {@code onTheWay} is the bot's refusal, and ends the run with its words.
     */
    private SimMessage await(FakeTelegramServer tg, SimChat chat, int after, Predicate<SimMessage> p,
                             Predicate<SimMessage> onTheWay, String what) {
        SimMessage m;
        try {
            m = tg.awaitBotMessage(chat, x -> x.messageId() > after && (p.test(x) || !onTheWay.test(x)), STEP);
        } catch (RuntimeException e) {
            console.println(tg.transcript(chat));
            throw new GaveUp(what);
        }
        if (!p.test(m)) {
            throw new Refused(m.textOrCaption());
        }
        return m;
    }

    private void mark(String name) {
        marks.put(name, System.nanoTime());
    }

    private double seconds(String from, String to) {
        return (marks.get(to) - marks.get(from)) / 1e9;
    }

    private void printTimings(StoryreelRuntime bot) throws SQLException {
        console.println("── Stage timings ──");
        console.printf(Locale.ROOT, "%-28s %8s%n", "stage", "seconds");
        console.printf(Locale.ROOT, "%-28s %8.2f%n", "collect (start → album in)", seconds("collect.start", "collect.end"));
        long firstCreated = Long.MAX_VALUE;
        long lastClip = 0;
        try (Connection c = bot.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT position, created_at, submitted_at, updated_at, state FROM clip ORDER BY position");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long created = rs.getLong(2);
                long updated = rs.getLong(4);
                firstCreated = Math.min(firstCreated, created);
                lastClip = Math.max(lastClip, updated);
                console.printf(Locale.ROOT, "%-28s %8.2f%n", "generate clip " + rs.getInt(1) + " (" + rs.getString(5).toLowerCase(Locale.ROOT) + ")",
                        (updated - created) / 1000.0);
            }
        }
        try (Connection c = bot.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT created_at, delivered_at, merge_path FROM film ORDER BY created_at DESC");
             ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                long filmCreated = rs.getLong(1);
                long delivered = rs.getLong(2);
                console.printf(Locale.ROOT, "%-28s %8.2f%n", "generate all clips", (lastClip - firstCreated) / 1000.0);
                console.printf(Locale.ROOT, "%-28s %8.2f%n", "merge (" + rs.getString(3) + ")", (filmCreated - lastClip) / 1000.0);
                if (delivered > 0) {
                    console.printf(Locale.ROOT, "%-28s %8.2f%n", "deliver (sendVideo)", (delivered - filmCreated) / 1000.0);
                }
            }
        }
        console.printf(Locale.ROOT, "%-28s %8.2f%n", "confirm → film in chat", seconds("generate.start", "deliver.end"));
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
