package io.storyreel.discord;

import discord4j.common.ReactorResources;
import discord4j.core.DiscordClient;
import discord4j.core.DiscordClientBuilder;
import discord4j.core.GatewayDiscordClient;
import discord4j.core.event.domain.interaction.ButtonInteractionEvent;
import discord4j.core.event.domain.interaction.ChatInputAutoCompleteEvent;
import discord4j.core.event.domain.interaction.ChatInputInteractionEvent;
import discord4j.core.event.domain.interaction.ModalSubmitInteractionEvent;
import discord4j.core.object.command.ApplicationCommandInteractionOption;
import discord4j.core.object.command.ApplicationCommandInteractionOptionValue;
import discord4j.core.object.component.Label;
import discord4j.core.object.component.LayoutComponent;
import discord4j.core.object.component.TextInput;
import discord4j.core.shard.ShardingStrategy;
import discord4j.core.spec.InteractionPresentModalSpec;
import discord4j.discordjson.json.ApplicationCommandOptionChoiceData;
import discord4j.discordjson.json.ApplicationCommandRequest;
import discord4j.common.retry.ReconnectOptions;
import discord4j.gateway.DefaultGatewayClient;
import discord4j.gateway.GatewayReactorResources;
import discord4j.gateway.GatewayOptions;
import discord4j.gateway.intent.Intent;
import discord4j.gateway.intent.IntentSet;
import discord4j.rest.request.DefaultRouter;
import discord4j.rest.request.RouterOptions;
import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.CommandCatalog;
import io.storyreel.core.chat.Completions;
import io.storyreel.core.download.SafeDownloader;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.logging.SecretRegistry;
import io.storyreel.core.metrics.StoryreelMetrics;
import io.storyreel.core.provider.ProviderDirectory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.LoopResources;

/**
 * The Discord bot: logs in with intent {@code GUILDS} only, registers the catalogue's commands (globally, or in the
 * configured guild), acknowledges every interaction at once (well inside Discord's 3 s), and hands the translated
 * event to the sink (core's conversation) on a worker thread. A command whose answer may be private (the catalogue
 * says so) is deferred ephemerally, so no member ever sees a public "thinking" for an answer meant for one; its public
 * answers then go to the channel. A command that takes keys answers with a modal, which must be the first response,
 * so it is never deferred. Core answers through {@link #chatPort()}.
 */
public final class DiscordBot implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DiscordBot.class);
    private final DiscordSettings settings;
    private final CommandCatalog catalog;
    private final ProviderDirectory providers;
    private final StoryreelMetrics metrics;
    private final Consumer<ChatEvent> sink;
    private final Completions completions;
    private final DiscordChatPort port;
    private final InteractionTranslator translator;
    private final Disposable.Composite subscriptions = Disposables.composite();
    private GatewayDiscordClient gateway;
    /** The gateway's own single event loop: closing on it keeps Discord4J's close handshake on one thread. */
    private LoopResources gatewayLoop;
    private StoppableReconnectOptions reconnect;

    /**
     * @param catalog   the bot's commands: registered with Discord, and how interactions are read and answered
     * @param providers the providers core offers: the key forms
     */
    public DiscordBot(DiscordSettings settings, CommandCatalog catalog, ProviderDirectory providers,
                      Consumer<ChatEvent> sink, Clock clock) {
        this(settings, catalog, providers, sink, clock, StoryreelMetrics.none());
    }

    /** {@code metrics} counts every REST call by its answer (429s included). */
    public DiscordBot(DiscordSettings settings, CommandCatalog catalog, ProviderDirectory providers,
                      Consumer<ChatEvent> sink, Clock clock, StoryreelMetrics metrics) {
        this(settings, catalog, providers, sink, Completions.NONE, clock, metrics);
    }

    /** {@code completions} answers Discord's autocomplete for the options that offer it (template names). */
    public DiscordBot(DiscordSettings settings, CommandCatalog catalog, ProviderDirectory providers,
                      Consumer<ChatEvent> sink, Completions completions, Clock clock, StoryreelMetrics metrics) {
        // Netty's sampled leak detector wraps about one buffer in 128; Discord4J 3.3.2's zlib-stream gateway releases
        // such a wrapped frame and then retains it ("IllegalReferenceCountException: refCnt: 0, increment: 1"),
        // which ends the gateway session for good (its receiver is shared by every reconnect). Seen on connects
        // under load; no leak of ours depends on the detector.
        io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
        this.settings = settings;
        this.catalog = catalog;
        this.providers = providers;
        this.metrics = metrics;
        this.sink = sink;
        this.completions = completions;
        this.translator = new InteractionTranslator(new AttachmentDownloader(
                new SafeDownloader(settings.downloads()), settings.maxAttachmentBytes()), catalog);
        this.port = new DiscordChatPort(settings.uploadLimitBytes(), clock, new DiscordSyntax(catalog));
        SecretRegistry.register(settings.token());
    }

    /** Usable before {@link #start()} (for wiring); sends fail until the bot is connected. */
    public DiscordChatPort chatPort() {
        return port;
    }

    /** Connects to the gateway and registers the commands; returns when both are done. */
    public synchronized DiscordBot start() {
        // the default client is TLS-only; a local fake Discord speaks plain HTTP
        HttpClient http = settings.restBaseUrl().startsWith("https:") ? ReactorResources.DEFAULT_HTTP_CLIENT.get()
                : HttpClient.create().compress(true).followRedirect(true);
        ReactorResources resources = ReactorResources.builder().httpClient(metered(http)).build();
        DiscordClient client = DiscordClientBuilder.create(settings.token())
                .setReactorResources(resources)
                .build(o -> new DefaultRouter(new RouterOptions(o.getToken(), o.getReactorResources(),
                        o.getExchangeStrategies(), o.getResponseTransformers(), o.getGlobalRateLimiter(),
                        o.getRequestQueueFactory(), settings.restBaseUrl())));
        gatewayLoop = LoopResources.create("storyreel-discord-gateway", 1, true);
        reconnect = StoppableReconnectOptions.stoppable();
        LoopResources loop = gatewayLoop;
        var bootstrap = client.gateway()
                .setEnabledIntents(IntentSet.of(Intent.GUILDS))
                .setSharding(ShardingStrategy.single())
                .setReconnectOptions(reconnect)
                .setGatewayReactorResources(r -> GatewayReactorResources.builder(r)
                        .httpClient(r.getHttpClient().runOn(loop)).build());
        Mono<GatewayDiscordClient> login = bootstrap.login(o -> new FixedUrlGatewayClient(o, settings.gatewayUrl()));
        gateway = login.block(Duration.ofSeconds(60));
        if (gateway == null) {
            throw new IllegalStateException("Discord login returned nothing");
        }
        port.bind(gateway);
        gateway.getGatewayClient(0).ifPresent(g -> subscriptions.add(g.receiver(UploadLimits::read)
                .subscribe(l -> port.noteUploadLimit(l.channelId(), l.bytes()),
                        e -> log.warn("reading interactions' upload limits stopped: {}", e.toString()))));
        long appId = client.getApplicationId().blockOptional(Duration.ofSeconds(30)).orElseThrow();
        List<ApplicationCommandRequest> commands = SlashCommands.all(catalog);
        if (settings.guildId() == null) {
            client.getApplicationService().bulkOverwriteGlobalApplicationCommand(appId, commands)
                    .collectList().block(Duration.ofSeconds(30));
        } else {
            client.getApplicationService().bulkOverwriteGuildApplicationCommand(appId,
                    Long.parseUnsignedLong(settings.guildId()), commands).collectList()
                    .block(Duration.ofSeconds(30));
        }
        subscriptions.add(gateway.on(ChatInputInteractionEvent.class, this::onSlash).subscribe());
        subscriptions.add(gateway.on(ModalSubmitInteractionEvent.class, this::onModal).subscribe());
        subscriptions.add(gateway.on(ButtonInteractionEvent.class, this::onButton).subscribe());
        subscriptions.add(gateway.on(ChatInputAutoCompleteEvent.class, this::onAutocomplete).subscribe());
        log.info("Discord bot connected; {} commands registered", commands.size());
        return this;
    }

    /**
     * Takes no more interactions (a drain): the handlers are unsubscribed, while the gateway and REST stay up for the
     * answers and films still being sent. Idempotent; {@link #close()} follows.
     */
    public synchronized void stopReceiving() {
        subscriptions.dispose();
    }

    /** True while the gateway connection is up. */
    public boolean connected() {
        GatewayDiscordClient g = gateway;
        if (g == null) {
            return false;
        }
        return g.getGatewayClient(0).map(c -> Boolean.TRUE.equals(c.isConnected().block(Duration.ofSeconds(2))))
                .orElse(false);
    }

    /** Counts each REST answer (the gateway's websocket upgrade, 101, is not an API call). */
    private HttpClient metered(HttpClient http) {
        return http.doOnResponse((res, conn) -> {
            if (res.status().code() != 101) {
                metrics.chatCall(Platform.DISCORD, res.status().code());
            }
        }).doOnRequestError((req, err) -> metrics.chatCall(Platform.DISCORD, 0));
    }

    private Mono<Void> onSlash(ChatInputInteractionEvent event) {
        Optional<CommandCatalog.Command> command = catalog.find(InteractionTranslator.name(event));
        if (command.filter(CommandCatalog.Command::takesSecrets).isPresent()) {
            Optional<ProviderDirectory.Entry> provider = event.getOption("provider")
                    .flatMap(ApplicationCommandInteractionOption::getValue)
                    .map(ApplicationCommandInteractionOptionValue::getRaw).flatMap(providers::find)
                    .or(() -> providers.entries().stream().findFirst());
            if (provider.isPresent()) {
                return event.presentModal(keyModal(provider.get()));
            }
        }
        // decided before the answer exists: a "thinking" placeholder cannot change from public to private later
        boolean ephemeral = command.map(c -> c.privacy() != CommandCatalog.Privacy.PUBLIC).orElse(true);
        return event.deferReply().withEphemeral(ephemeral)
                .then(hand(() -> {
                    port.opened(event, ephemeral, true);
                    return translator.slash(event);
                }));
    }

    /**
     * A member typing an option that offers suggestions: answered at once (Discord allows 3 s) with what the
     * conversation knows; nothing is said in the chat. A failure answers with no suggestions.
     */
    private Mono<Void> onAutocomplete(ChatInputAutoCompleteEvent event) {
        ApplicationCommandInteractionOption focused = event.getFocusedOption();
        String typed = focused.getValue().map(ApplicationCommandInteractionOptionValue::getRaw).orElse("");
        return Mono.fromCallable(() -> completions.suggest(InteractionTranslator.chatOf(event.getInteraction()),
                        InteractionTranslator.userOf(event.getInteraction()), event.getCommandName(),
                        focused.getName(), typed))
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorResume(e -> {
                    log.warn("could not suggest values for /{} {}", event.getCommandName(), focused.getName(), e);
                    return Mono.just(List.of());
                })
                .flatMap(values -> event.respondWithSuggestions(values.stream().limit(Completions.MAX)
                        .map(v -> (ApplicationCommandOptionChoiceData) ApplicationCommandOptionChoiceData.builder()
                                .name(v).value(v).build()).toList()));
    }

    private Mono<Void> onModal(ModalSubmitInteractionEvent event) {
        if (!event.getCustomId().startsWith(InteractionTranslator.MODAL_PREFIX)) {
            return event.deferEdit();
        }
        return event.deferReply().withEphemeral(true)
                .then(hand(() -> {
                    port.opened(event, true, true);
                    ChatEvent e = translator.modal(event);
                    if (e instanceof ChatEvent.SecretSubmitted s && !s.secret().isBlank()) {
                        for (String part : s.secret().split("\\s+")) {
                            SecretRegistry.register(part);
                        }
                    }
                    return e;
                }));
    }

    private Mono<Void> onButton(ButtonInteractionEvent event) {
        return event.deferEdit()
                .then(hand(() -> {
                    port.opened(event, false, false);
                    return translator.button(event);
                }));
    }

    /** Translating may download attachments, and the sink may work a while: both off the gateway's threads. */
    private Mono<Void> hand(Supplier<ChatEvent> translate) {
        return Mono.fromRunnable(() -> {
            ChatEvent event;
            try {
                event = translate.get();
            } catch (RuntimeException e) {
                log.warn("could not translate a Discord interaction", e);
                return;
            }
            try {
                sink.accept(event);
            } catch (RuntimeException e) {
                log.error("conversation failed on {}", event.getClass().getSimpleName(), e);
            }
        }).subscribeOn(Schedulers.boundedElastic()).then();
    }

    /** One text field per key the provider needs, in the order core expects them; the id names the provider. */
    static InteractionPresentModalSpec keyModal(ProviderDirectory.Entry provider) {
        List<LayoutComponent> fields = provider.credentials().stream()
                .<LayoutComponent>map(f -> Label.of(f.label(), TextInput.small(f.snakeName()).required(true)))
                .toList();
        String title = "Your " + provider.displayName() + " keys";
        return InteractionPresentModalSpec.builder()
                // Discord refuses modal titles over 45 characters
                .title(title.length() <= 45 ? title : title.substring(0, 44) + "…")
                .customId(InteractionTranslator.MODAL_PREFIX + provider.id())
                .addAllComponents(fields)
                .build();
    }

    /**
     * Logs out for good: no reconnect is attempted once closing began, the gateway answers Discord's close handshake
     * on its own event loop, and the loop and the backoff scheduler are shut down. Discord4J emits the close request
     * and the server's answering close into one sink; from two threads (the caller's and the event loop, racing on
     * a fast network) the second emission fails, the session ends in an error and Discord4J reconnects.
     */
    @Override
    public synchronized void close() {
        subscriptions.dispose();
        if (reconnect != null) {
            reconnect.stop();
        }
        if (gateway != null) {
            try {
                Mono<Void> logout = gateway.logout()
                        .subscribeOn(Schedulers.fromExecutor(gatewayLoop.onClient(true).next()));
                Mono.firstWithSignal(logout, gateway.onDisconnect()).block(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                log.warn("Discord logout did not finish cleanly: {}", e.toString());
            }
            gateway = null;
        }
        if (gatewayLoop != null) {
            gatewayLoop.disposeLater(Duration.ZERO, Duration.ofSeconds(2)).block(Duration.ofSeconds(5));
            gatewayLoop = null;
        }
        if (reconnect != null) {
            reconnect.getBackoffScheduler().dispose();
            reconnect = null;
        }
    }

    /** Discord4J's reconnect policy, except that after {@link #stop()} a lost connection is never retried. */
    static final class StoppableReconnectOptions extends ReconnectOptions {
        private volatile boolean stopped;

        private StoppableReconnectOptions(Builder builder) {
            super(builder);
        }

        static StoppableReconnectOptions stoppable() {
            return new StoppableReconnectOptions(ReconnectOptions.builder()
                    .setBackoffScheduler(Schedulers.newParallel("storyreel-discord-backoff", 1, true)));
        }

        void stop() {
            stopped = true;
        }

        @Override
        public long getMaxRetries() {
            return stopped ? 0 : super.getMaxRetries();
        }
    }

    /**
     * Connects to a configured gateway URL instead of the one {@code GET /gateway} names, keeping the query; with no
     * URL configured ({@code null}), to the one Discord names.
     */
    static final class FixedUrlGatewayClient extends DefaultGatewayClient {
        private final String url;

        FixedUrlGatewayClient(GatewayOptions options, String url) {
            super(options);
            this.url = url;
        }

        @Override
        public Mono<Void> execute(String gatewayUrl) {
            if (url == null) {
                return super.execute(gatewayUrl);
            }
            int q = gatewayUrl.indexOf('?');
            return super.execute(q < 0 ? url : url + gatewayUrl.substring(q));
        }
    }
}
