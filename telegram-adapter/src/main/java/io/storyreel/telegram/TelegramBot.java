package io.storyreel.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.storyreel.core.chat.ChatDeliveryException;
import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.download.SafeDownloader;
import io.storyreel.core.logging.SecretRegistry;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.longpolling.TelegramBotsLongPollingApplication;
import org.telegram.telegrambots.longpolling.interfaces.LongPollingUpdateConsumer;
import org.telegram.telegrambots.longpolling.util.DefaultGetUpdatesGenerator;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.commands.SetMyCommands;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.commands.BotCommand;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The running Telegram bot: TelegramBots long polling plus {@link OkHttpTelegramClient}, both pointed at
 * {@link TelegramSettings#apiBaseUrl()}. Build it, hand {@link #chatPort()} to core, then {@link #start} it with
 * core's event sink (in production {@code Conversation::accept}). Every thread it starts is a daemon and
 * {@link #close()} stops them all (spec B2: the library's defaults leave non-daemon threads behind).
 */
public final class TelegramBot implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TelegramBot.class);

    /** Registered with setMyCommands so clients offer them; the words users read come from core's replies. */
    static final List<BotCommand> COMMANDS = List.of(
            new BotCommand("start", "What this bot does"),
            new BotCommand("new", "Start a new storybook"),
            new BotCommand("list", "Show the scenes so far"),
            new BotCommand("remove", "Remove scene N"),
            new BotCommand("move", "Move scene N to place M"),
            new BotCommand("prompt", "Change the prompt of scene N"),
            new BotCommand("make", "Make the film"),
            new BotCommand("status", "How the film is coming along"),
            new BotCommand("cancel", "Stop the film being made"),
            new BotCommand("redo", "Make clip N again"),
            new BotCommand("provider", "Choose Kling or MiniMax"),
            new BotCommand("settings", "Model, duration, style and more"),
            new BotCommand("setkeys", "Add your provider keys (private chat)"),
            new BotCommand("keys", "Which keys you have added"),
            new BotCommand("forgetkeys", "Remove your keys"),
            new BotCommand("history", "Your past films"),
            new BotCommand("web", "Open the storyboard page"),
            new BotCommand("help", "How to use the bot"));

    private final TelegramSettings settings;
    private final OkHttpClient http;
    private final TelegramClient client;
    private final ScheduledExecutorService timer;
    private final ExecutorService workers;
    private final OutboundLimiter limiter;
    private final TelegramChatPort port;
    private final PollCanceller polls;
    private TelegramBotsLongPollingApplication polling;
    private ScheduledExecutorService pollingThread;
    private LongPollingUpdateConsumer consumer;
    private String username;

    public TelegramBot(TelegramSettings settings) {
        this.settings = settings;
        SecretRegistry.register(settings.token());
        // uploads of up to 50 MB and long polls of 50 s need more than OkHttp's 10 s defaults (spec B3)
        this.http = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(30))
                .readTimeout(Duration.ofSeconds(100)).writeTimeout(Duration.ofSeconds(120)).build();
        this.client = new OkHttpTelegramClient(http, settings.token(), telegramUrl(settings.apiBaseUrl()));
        this.timer = Executors.newScheduledThreadPool(1, daemons("telegram-timer"));
        this.workers = Executors.newCachedThreadPool(daemons("telegram-worker"));
        this.limiter = new OutboundLimiter(settings.privateInterval(), settings.groupInterval(), timer, workers);
        // a film's upload is never repeated by the HTTP client itself: OkHttp retries a POST whose connection dropped,
        // and one that dropped after Telegram took the film would post it twice
        TelegramClient uploads = new OkHttpTelegramClient(http.newBuilder().retryOnConnectionFailure(false).build(),
                settings.token(), telegramUrl(settings.apiBaseUrl()));
        this.port = new TelegramChatPort(client, uploads, limiter, timer, settings);
        this.polls = new PollCanceller(http);
    }

    /** Builds and starts a bot in one go. */
    public static TelegramBot start(TelegramSettings settings, Consumer<ChatEvent> sink) {
        TelegramBot bot = new TelegramBot(settings);
        bot.start(sink);
        return bot;
    }

    public TelegramChatPort chatPort() {
        return port;
    }

    /** The bot's @username, known once started. */
    public String username() {
        return username;
    }

    /**
     * Checks the token (getMe), registers the command list, and starts long polling; updates then flow into
     * {@code sink} on the adapter's own threads, one chat at a time in order.
     */
    /**
     * Sets the bot's menu button to open the storyboard page as a Mini App (Telegram takes only https addresses); a
     * refusal is logged, the page still works through {@code /web}.
     */
    public void offerPage(String httpsUrl, String label) {
        try {
            client.execute(org.telegram.telegrambots.meta.api.methods.menubutton.SetChatMenuButton.builder()
                    .menuButton(org.telegram.telegrambots.meta.api.objects.menubutton.MenuButtonWebApp.builder()
                            .text(label).webAppInfo(org.telegram.telegrambots.meta.api.objects.webapp.WebAppInfo.builder()
                                    .url(httpsUrl).build()).build()).build());
        } catch (TelegramApiException e) {
            log.warn("could not set the menu button to the storyboard page: {}", e.getMessage());
        }
    }

    public synchronized void start(Consumer<ChatEvent> sink) {
        if (polling != null) {
            throw new IllegalStateException("already started");
        }
        User me;
        try {
            me = client.execute(GetMe.builder().build());
        } catch (TelegramApiException e) {
            throw new ChatDeliveryException("Telegram did not accept the bot token (getMe failed: "
                    + e.getMessage() + "). Check telegram.token and telegram.api-base-url.", false, e);
        }
        username = me.getUserName();
        try {
            client.execute(SetMyCommands.builder().commands(COMMANDS).build());
        } catch (TelegramApiException e) {
            log.warn("could not register the command list: {}", e.getMessage());
        }
        ChatLanes lanes = new ChatLanes(workers);
        TelegramFileFetcher files = new TelegramFileFetcher(client, new SafeDownloader(http, settings.downloads()),
                settings.fileBaseUrl(), settings.token(), settings.maxFileBytes(), settings.localFilesDir());
        UpdateTranslator translator = new UpdateTranslator(client, files, lanes, limiter,
                (onLane, emit) -> new AlbumCollector(timer, settings.albumQuiet(), settings.albumCap(), onLane, emit),
                sink, me.getId(), username);
        consumer = updates -> updates.forEach(u -> acceptSafely(translator, u));
        TelegramUrl url = telegramUrl(settings.apiBaseUrl());
        pollingThread = Executors.newSingleThreadScheduledExecutor(daemons("telegram-polling"));
        polling = new TelegramBotsLongPollingApplication(ObjectMapper::new, polls::pollingClient, () -> pollingThread);
        try {
            polling.registerBot(settings.token(), () -> url, new DefaultGetUpdatesGenerator(
                    List.of("message", "callback_query")), consumer);
        } catch (TelegramApiException e) {
            throw new ChatDeliveryException("Could not start polling Telegram: " + e.getMessage(), false, e);
        }
        log.info("Telegram bot @{} is polling {}", username, settings.apiBaseUrl());
    }

    private static void acceptSafely(UpdateTranslator translator, Update update) {
        try {
            translator.accept(update);
        } catch (RuntimeException e) {
            log.warn("could not handle update {}", update.getUpdateId(), e);
        }
    }

    /**
     * Stop taking updates from Telegram but keep the chat port working, so the replies to updates already handed
     * to core can still be sent. Idempotent; {@link #close()} calls it too.
     */
    public synchronized void stopReceiving() {
        if (polling != null) {
            // stop scheduling polls, end the one waiting on Telegram as "no updates", and let its thread finish
            // before anything else is cancelled: a cancelled getUpdates would be logged by the library as an error
            try {
                polling.close();
            } catch (Exception e) {
                log.debug("closing the polling application: {}", e.getMessage());
            }
            polls.close();
            pollingThread.shutdown();
            try {
                if (!pollingThread.awaitTermination(5, TimeUnit.SECONDS)) {
                    pollingThread.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            polling = null;
        }
    }

    @Override
    public synchronized void close() {
        stopReceiving();
        http.dispatcher().cancelAll();
        timer.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    static TelegramUrl telegramUrl(String baseUrl) {
        URI uri = URI.create(baseUrl);
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return new TelegramUrl(uri.getScheme(), uri.getHost(), port, false);
    }

    private static ThreadFactory daemons(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
