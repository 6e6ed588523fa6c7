package io.storyreel.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.storyreel.core.chat.ChatDeliveryException;
import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.ChatLanes;
import io.storyreel.core.chat.CommandCatalog;
import io.storyreel.core.download.SafeDownloader;
import io.storyreel.core.logging.SecretRegistry;
import io.storyreel.core.metrics.StoryreelMetrics;
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
import org.telegram.telegrambots.meta.api.methods.updates.DeleteWebhook;
import org.telegram.telegrambots.meta.api.methods.updates.GetWebhookInfo;
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;
import org.telegram.telegrambots.meta.api.objects.WebhookInfo;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The running Telegram bot: TelegramBots long polling (or, with {@link TelegramSettings#webhook()}, updates POSTed to
 * a {@link WebhookReceiver}) plus {@link OkHttpTelegramClient}, both pointed at {@link TelegramSettings#apiBaseUrl()}.
 * Build it with the bot's {@link CommandCatalog}, hand {@link #chatPort()} to core, then {@link #start} it on core's
 * lanes with core's handler (in production {@code start(conversation.lanes(), conversation::handleNow)}). Every
 * thread it starts is a daemon and
 * {@link #close()} stops them all (spec B2: the library's defaults leave non-daemon threads behind).
 */
public final class TelegramBot implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TelegramBot.class);
    /** Bot API calls in flight at once, over all chats (each chat's calls still go one at a time, in order). */
    private static final int SEND_THREADS = 16;

    private final TelegramSettings settings;
    private final CommandCatalog catalog;
    private final OkHttpClient http;
    private final TelegramClient client;
    private final ScheduledExecutorService timer;
    private final ExecutorService workers;
    private final OutboundLimiter limiter;
    private final TelegramChatPort port;
    private final PollCanceller polls;
    private final ApiCallMeter meter;
    private TelegramBotsLongPollingApplication polling;
    private ScheduledExecutorService pollingThread;
    private LongPollingUpdateConsumer consumer;
    private WebhookReceiver webhook;
    private String username;

    public TelegramBot(TelegramSettings settings, CommandCatalog catalog) {
        this(settings, catalog, StoryreelMetrics.none());
    }

    /**
     * @param catalog the bot's commands: registered as the command menu, and how users' commands are read
     * @param metrics counts every Bot API call by its answer (429s included)
     */
    public TelegramBot(TelegramSettings settings, CommandCatalog catalog, StoryreelMetrics metrics) {
        this.settings = settings;
        this.catalog = catalog;
        SecretRegistry.register(settings.token());
        this.meter = new ApiCallMeter(metrics);
        // uploads of up to 50 MB and long polls of 50 s need more than OkHttp's 10 s defaults (spec B3)
        this.http = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(30))
                .readTimeout(Duration.ofSeconds(100)).writeTimeout(Duration.ofSeconds(120))
                .addInterceptor(meter).build();
        this.client = new OkHttpTelegramClient(http, settings.token(), telegramUrl(settings.apiBaseUrl()));
        this.timer = Executors.newScheduledThreadPool(1, daemons("telegram-timer"));
        // bounded: one thread per busy chat grew to 150 threads in a worker sending 300 films' progress at once (bench
        // scale); the calls queue per chat anyway, and Telegram takes about 30 messages a second in all (spec A4)
        ThreadPoolExecutor pool = new ThreadPoolExecutor(SEND_THREADS, SEND_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemons("telegram-worker"));
        pool.allowCoreThreadTimeOut(true);
        this.workers = pool;
        this.limiter = new OutboundLimiter(settings.privateInterval(), settings.groupInterval(), timer, workers);
        // a film's upload is never repeated by the HTTP client itself: OkHttp retries a POST whose connection dropped,
        // and one that dropped after Telegram took the film would post it twice
        TelegramClient uploads = new OkHttpTelegramClient(http.newBuilder().retryOnConnectionFailure(false).build(),
                settings.token(), telegramUrl(settings.apiBaseUrl()));
        this.port = new TelegramChatPort(client, uploads, limiter, timer, settings,
                new TelegramSyntax(catalog));
        this.polls = new PollCanceller(http);
    }

    /** Builds and starts a bot in one go. */
    public static TelegramBot start(TelegramSettings settings, CommandCatalog catalog, Consumer<ChatEvent> sink) {
        TelegramBot bot = new TelegramBot(settings, catalog);
        bot.start(sink);
        return bot;
    }

    public TelegramChatPort chatPort() {
        return port;
    }

    /**
     * True while updates flow in: by webhook, while the receiver listens (Telegram took the webhook at start); by long
     * polling, while it runs and its last poll was answered.
     */
    public synchronized boolean receiving() {
        return webhook != null || (polling != null && meter.lastPollAnswered());
    }

    /** The local port the webhook receiver listens on; -1 in polling mode. */
    public synchronized int webhookPort() {
        return webhook == null ? -1 : webhook.port();
    }

    /** The bot's @username, known once started. */
    public String username() {
        return username;
    }

    /**
     * Checks the token (getMe), registers the command menu, and starts long polling; updates then flow into
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

    public void start(Consumer<ChatEvent> sink) {
        start(new ChatLanes(workers), sink);
    }

    /**
     * Like {@link #start(Consumer)}, on lanes shared with core (the conversation's): each update is turned into an
     * event on its chat's lane and {@code onLane} is called right there, so the update is queued once and the
     * conversation handles it in order with everything else of that chat.
     */
    public synchronized void start(ChatLanes lanes, Consumer<ChatEvent> onLane) {
        if (polling != null || webhook != null) {
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
        port.knowUsername(username);
        for (SetMyCommands menu : new CommandMenu(catalog).registrations()) {
            try {
                client.execute(menu);
            } catch (TelegramApiException e) {
                log.warn("could not register the command menu for {}: {}", menu.getScope().getType(), e.getMessage());
            }
        }
        TelegramFileFetcher files = new TelegramFileFetcher(client, new SafeDownloader(http, settings.downloads()),
                settings.fileBaseUrl(), settings.token(), settings.maxFileBytes(), settings.localFilesDir());
        UpdateTranslator translator = new UpdateTranslator(client, files, lanes, limiter,
                (laneOf, emit) -> new AlbumCollector(timer, settings.albumQuiet(), settings.albumCap(), laneOf, emit),
                onLane, catalog, me.getId(), username);
        consumer = updates -> updates.forEach(u -> acceptSafely(translator, u));
        if (settings.webhook() != null) {
            startWebhook(translator);
            return;
        }
        leaveWebhookMode();
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

    /**
     * Webhook mode: the receiver listens first, then {@code setWebhook} (with the secret, never dropping the updates
     * that wait: Telegram sends those first, including any that arrived while the bot polled or was down).
     */
    private void startWebhook(UpdateTranslator translator) {
        TelegramSettings.Webhook hook = settings.webhook();
        SecretRegistry.register(hook.secret());
        webhook = new WebhookReceiver(hook.bind(), hook.port(), hook.secret(), u -> acceptSafely(translator, u));
        try {
            Boolean set = client.execute(SetWebhook.builder().url(hook.publicUrl()).secretToken(hook.secret())
                    .allowedUpdates(List.of("message", "callback_query")).build());
            if (!Boolean.TRUE.equals(set)) {
                throw new ChatDeliveryException("Telegram did not take the webhook " + hook.publicUrl());
            }
        } catch (TelegramApiException | RuntimeException e) {
            webhook.close();
            webhook = null;
            throw new ChatDeliveryException("Could not set the Telegram webhook " + hook.publicUrl() + ": "
                    + e.getMessage(), false, e instanceof TelegramApiException ? e : null);
        }
        log.info("Telegram bot @{} receives updates by webhook at {} (listening on {}:{})", username,
                hook.publicUrl(), hook.bind(), webhook.port());
    }

    /**
     * Polling mode after a webhook: the webhook is removed without dropping what waits, so every update Telegram
     * queued for the webhook is then fetched by getUpdates (TelegramBots' own deleteWebhook at start does the same).
     */
    private void leaveWebhookMode() {
        try {
            WebhookInfo info = client.execute(GetWebhookInfo.builder().build());
            if (info != null && info.getUrl() != null && !info.getUrl().isBlank()) {
                log.info("A webhook was set ({} update(s) waiting); removing it without dropping them, to poll instead",
                        info.getPendingUpdatesCount());
                client.execute(DeleteWebhook.builder().dropPendingUpdates(false).build());
            }
        } catch (TelegramApiException e) {
            log.warn("could not check for a webhook before polling: {}", e.getMessage());
        }
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
        if (webhook != null) {
            // the webhook stays set at Telegram: updates wait there for the next start (or another chat process)
            webhook.close();
            webhook = null;
        }
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
