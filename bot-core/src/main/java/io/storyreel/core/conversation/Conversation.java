package io.storyreel.core.conversation;

import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.ChatLanes;
import io.storyreel.core.chat.ChatPorts;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.Message;
import io.storyreel.core.chat.UserRef;
import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.core.generation.GenerationEngine;
import io.storyreel.core.generation.GenerationListener;
import io.storyreel.core.image.ImageInspector;
import io.storyreel.core.image.OrientationNormaliser;
import io.storyreel.core.keys.KeyVault;
import io.storyreel.core.logging.LogContext;
import io.storyreel.core.metrics.StoryreelMetrics;
import io.storyreel.core.ops.OpsSummary;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.storage.BlobStore;
import io.storyreel.core.storage.StorageHealth;
import io.storyreel.core.storybook.ChatUserRepository;
import io.storyreel.core.storybook.FilmRepository;
import io.storyreel.core.storybook.SceneRepository;
import io.storyreel.core.storybook.Storybook;
import io.storyreel.core.storybook.StorybookRepository;
import io.storyreel.core.template.StylePresets;
import io.storyreel.core.template.TemplateRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;

/**
 * The one conversation both chat platforms drive. Adapters turn updates into {@link ChatEvent}s and call
 * {@link #accept}; every rule (what a command does, what is checked, what the bot says) lives in this package.
 * Events of one chat are handled in order on the given executor, never on the adapter's thread, and a failing
 * handler becomes a friendly apology, never a crash. This class routes each event to the part that handles it:
 * {@link SceneCommands}, {@link ProviderCommands}, {@link KeyCommands}, {@link FilmOrders}, {@link FilmSteering};
 * who may press what is {@link FilmPermissions}'. {@link #listener()} is what the generation engine reports to.
 */
public final class Conversation {
    private static final Logger log = LoggerFactory.getLogger(Conversation.class);

    private final ChatContext ctx;
    private final ChatLanes lanes;
    private final ChatUserRepository users;
    private final StorybookRepository storybooks;
    private final SceneCommands scenes;
    private final MusicCommands music;
    private final ProviderCommands providers;
    private final KeyCommands keys;
    private final FilmOrders films;
    private final FilmHistory history;
    private final FilmSteering steering;
    private final FilmProgress progress;
    private final OperatorCommands operators;
    private final DeliveryChoices deliveryChoices;
    private final TemplateCommands templates;
    private final StyleCommands styles;
    private final WebCommand web;
    private final SettingsSheet sheet;

    private Conversation(Builder b) {
        this.users = b.users;
        this.storybooks = b.storybooks;
        this.lanes = b.lanes != null ? b.lanes : new ChatLanes(b.executor);
        this.ctx = new ChatContext(b.ports, b.providers, b.defaultProvider, b.users, b.storybooks, b.scenes, b.limits,
                lanes, b.editPace);
        this.scenes = new SceneCommands(ctx, b.storybooks, b.scenes, b.blobs, b.inspector, b.normaliser, b.storyboard);
        this.music = new MusicCommands(ctx, b.storybooks, b.blobs);
        this.providers = new ProviderCommands(ctx, b.storybooks, b.users);
        this.keys = new KeyCommands(ctx, b.vault);
        this.progress = new FilmProgress(ctx, lanes, b.storybooks, b.films, b.engine, b.metrics);
        FilmPermissions permissions = new FilmPermissions(ctx, b.users);
        this.films = new FilmOrders(ctx, progress, b.engine, b.vault, permissions, b.storybooks, b.scenes, b.films, b.blobs,
                b.diskSpace);
        this.steering = new FilmSteering(ctx, progress, b.engine, b.vault, permissions, b.storybooks, b.scenes, b.films);
        this.history = new FilmHistory(ctx, b.storybooks, b.films, b.blobs);
        this.operators = new OperatorCommands(ctx, b.operators, b.opsSummary);
        this.deliveryChoices = new DeliveryChoices(ctx, b.engine, b.films, b.storybooks);
        this.templates = b.templates == null ? null : new TemplateCommands(ctx, b.storybooks, b.scenes, b.templates,
                b.users);
        StylePresets presets = b.styles != null ? b.styles : StylePresets.bundled();
        this.styles = new StyleCommands(ctx, b.storybooks, presets);
        this.web = new WebCommand(ctx, b.webLinks);
        this.sheet = new SettingsSheet(ctx, b.storybooks, films, presets, templates);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What the generation engine reports to: attach it to the engine before its workers start. */
    public GenerationListener listener() {
        return progress;
    }

    /** The settings as a form with the prices they imply, for the storyboard page (changes go through {@link #submit}). */
    public SettingsSheet settingsSheet() {
        return sheet;
    }

    /** Who hears that a chat's storybook changed (the page, to redraw itself live). */
    public StorybookChanges storybookChanges() {
        return ctx.changes();
    }

    /** Whether {@code user} belongs to {@code chat} now, as its platform says (the page opens a group's storybook). */
    public boolean isMember(ChatRef chat, UserRef user) {
        return ctx.port(chat).isMember(chat, user);
    }

    /** Suggestions as an argument is typed ({@link io.storyreel.core.chat.Completions}): template names the member may use. */
    public List<String> suggest(ChatRef chat, UserRef user, String command, String argument, String typed) {
        return templates != null && "template".equals(command) && "name".equals(argument)
                ? templates.names(chat, user, typed) : List.of();
    }

    /** Queues the event behind the chat's earlier events and returns at once. */
    public void accept(ChatEvent event) {
        submit(event);
    }

    /** Like {@link #accept}, with a future that completes once the event was handled (for tests and tools). */
    public CompletableFuture<Void> submit(ChatEvent event) {
        return lanes.submit(event.chat(), () -> handleNow(event));
    }

    /** The per-chat lanes: an adapter's slow work per update (downloads) runs there, then {@link #handleNow}. */
    public ChatLanes lanes() {
        return lanes;
    }

    /**
     * Handles the event on the calling thread, which must be the event's chat lane ({@link #lanes()}): events of
     * one chat are handled one at a time, in order. A failing handler becomes a friendly apology.
     */
    public void handleNow(ChatEvent event) {
        handleSafely(event);
    }

    /** Like {@link #submit(ChatEvent)}, with {@code around} wrapped around the handling (the page listens there). */
    public CompletableFuture<Void> submit(ChatEvent event, UnaryOperator<Runnable> around) {
        return lanes.submit(event.chat(), around.apply(() -> handleSafely(event)));
    }

    private void handleSafely(ChatEvent event) {
        try (LogContext.Scope log = LogContext.storybook(storybookOf(event))) {
            users.touch(event.user());
            handle(event);
        } catch (RuntimeException e) {
            log.error("Handling {} in {} failed", event.getClass().getSimpleName(), event.chat().key(), e);
            try {
                ctx.say(event.chat(), Message.text(Wording.somethingWentWrong()));
            } catch (RuntimeException again) {
                log.warn("Could not even apologise in {}: {}", event.chat().key(), again.toString());
            }
        } finally {
            ctx.changes().handled(event.chat());
        }
    }

    /**
     * The storybook an event is about, for the log lines it causes: a button's own storybook, else the chat's newest.
     * Null when there is none yet, or when the database cannot say (the handler will meet that itself).
     */
    private String storybookOf(ChatEvent event) {
        if (event instanceof ChatEvent.ButtonPressed b) {
            ButtonAction a = ButtonAction.decode(b.data());
            if (a != null && a.target() != null && a.verb() != ButtonAction.Verb.RESEND_FILM
                    && a.verb() != ButtonAction.Verb.TEMPLATE_PROMPTS) {
                return a.target();
            }
        }
        try {
            return storybooks.findLatest(event.chat()).map(Storybook::id).orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void handle(ChatEvent event) {
        scenes.movedOn(event);
        if (event instanceof ChatEvent.Command c) {
            command(c);
        } else if (event instanceof ChatEvent.PhotoAdded p) {
            scenes.addPhotos(p.chat(), p.user(), List.of(p));
        } else if (event instanceof ChatEvent.AudioAdded a) {
            music.audio(a);
        } else if (event instanceof ChatEvent.Album a) {
            scenes.addPhotos(a.chat(), a.user(), a.photos());
        } else if (event instanceof ChatEvent.TextMessage t) {
            scenes.onText(t);
        } else if (event instanceof ChatEvent.ButtonPressed b) {
            button(b);
        } else if (event instanceof ChatEvent.SecretSubmitted s) {
            keys.secret(s);
        } else if (event instanceof ChatEvent.UnsupportedFile u) {
            ctx.refuse(u.chat(), u.source(), Wording.unsupported(u, ctx.limits()));
        }
    }

    private void command(ChatEvent.Command c) {
        String name = c.name() == null ? "" : c.name().toLowerCase(Locale.ROOT);
        CommandWording cs = ctx.syntax(c.chat());
        switch (name) {
            case "start" -> ctx.reply(c, Wording.welcome(cs, ctx.limits().maxScenes()));
            case "help" -> ctx.reply(c, Wording.help(cs));
            case "new" -> scenes.newStorybook(c);
            case "list" -> scenes.showStoryboard(c);
            case "remove" -> scenes.removeScene(c);
            case "move" -> scenes.moveScene(c);
            case "prompt" -> scenes.promptScene(c);
            case "scene" -> scenes.sceneProvider(c);
            case "add" -> ctx.reply(c, Wording.addHowTo(cs, !c.chat().isPrivate(), ctx.limits().maxScenes()));
            case "provider" -> providers.showProviderMenu(c);
            case "settings" -> providers.showSettings(c);
            case "setkeys" -> keys.setkeysCommand(c);
            case "keys" -> keys.listKeys(c);
            case "forgetkeys" -> keys.forgetKeys(c);
            case "music" -> music.command(c);
            case "make" -> films.make(c.chat(), c.user(), c.source());
            case "cancel" -> steering.cancel(c);
            case "status" -> films.status(c);
            case "redo" -> steering.redo(c);
            case "history" -> history.history(c);
            case "ops" -> operators.ops(c);
            case "style" -> styles.command(c);
            case "template" -> Optional.ofNullable(templates).ifPresentOrElse(t -> t.command(c),
                    () -> ctx.refuse(c, TemplateWording.unavailable()));
            case "web" -> web.link(c);
            default -> ctx.refuse(c, Wording.unknownCommand(cs, name));
        }
    }

    private void button(ChatEvent.ButtonPressed b) {
        ButtonAction a = ButtonAction.decode(b.data());
        if (a == null) {
            ctx.answerPress(b, Wording.staleButton());
            return;
        }
        switch (a.verb()) {
            case PROVIDER -> providers.chooseProvider(b.chat(), b.user(), a.arg(), b.source());
            case SETTING -> providers.settingPressed(b, a);
            case RESEND_FILM -> history.resendFilm(b, a.target());
            case FILM_CHOICE -> deliveryChoices.pressed(b, a);
            case TEMPLATE_PROMPTS -> Optional.ofNullable(templates).ifPresentOrElse(t -> t.replacePrompts(b, a),
                    () -> ctx.answerPress(b, Wording.staleButton()));
            default -> storybookButton(b, a);
        }
    }

    /** A button about one storybook of this chat; one from another chat, or of a storybook gone, is stale. */
    private void storybookButton(ChatEvent.ButtonPressed b, ButtonAction a) {
        Optional<Storybook> found = a.target() == null ? Optional.empty() : storybooks.find(a.target())
                .filter(sb -> sb.chat().key().equals(b.chat().key()));
        if (found.isEmpty()) {
            ctx.answerPress(b, Wording.staleButton());
            return;
        }
        Storybook sb = found.get();
        switch (a.verb()) {
            case CONFIRM -> films.confirm(b, sb);
            case DECLINE -> films.decline(b, sb, a);
            case RETRY_CLIP -> steering.retryClip(b, sb, a);
            case RETRY_MINE -> steering.retryMine(b, sb, a);
            case MERGE_WITHOUT -> steering.mergeWithout(b, sb);
            case CANCEL_FILM -> steering.cancelPressed(b, sb);
            case REDO_ASK -> steering.redoAsked(b, sb, a);
            case REDO_CONFIRM -> steering.redoConfirmed(b, sb, a);
            case REGENERATE -> films.regenerate(b, sb);
            default -> ctx.answerPress(b, Wording.staleButton());
        }
    }

    /**
     * The conversation's collaborators, given by the wiring (the app, or a test's bot). Every one is required but the
     * free-space floor.
     */
    public static final class Builder {
        private ChatPorts ports;
        private Map<String, VideoProvider> providers;
        private String defaultProvider;
        private KeyVault vault;
        private GenerationEngine engine;
        private StorybookRepository storybooks;
        private SceneRepository scenes;
        private FilmRepository films;
        private ChatUserRepository users;
        private BlobStore blobs;
        private ImageInspector inspector;
        private OrientationNormaliser normaliser;
        private StoryboardRenderer storyboard;
        private StoryreelConfig.Limits limits;
        private Clock clock;
        private Executor executor;
        private StorageHealth diskSpace = StorageHealth.noFloor();
        private java.util.Set<String> operators = java.util.Set.of();
        private OpsSummary opsSummary;
        private StoryreelMetrics metrics = StoryreelMetrics.none();
        private ChatLanes lanes;
        private TemplateRepository templates;
        private StylePresets styles;
        private EditPace editPace = EditPace.none();
        private WebLinks webLinks;

        private Builder() {
        }

        /** The style presets {@code style} offers (the bundled ones unless given). */
        public Builder styles(StylePresets styles) {
            this.styles = styles;
            return this;
        }

        /** Where templates are kept; without it {@code template} says templates are not available. */
        public Builder templates(TemplateRepository templates) {
            this.templates = templates;
            return this;
        }

        /** Where the bot's answers go, by platform. */
        public Builder chats(ChatPorts ports) {
            this.ports = ports;
            return this;
        }

        /**
         * @param byId     by id ({@code kling}, {@code minimax}); the order is the order of the provider menu
         * @param fallback used when neither the storybook nor the user chose one
         */
        public Builder providers(Map<String, VideoProvider> byId, String fallback) {
            this.providers = byId;
            this.defaultProvider = fallback;
            return this;
        }

        public Builder keys(KeyVault vault) {
            this.vault = vault;
            return this;
        }

        public Builder engine(GenerationEngine engine) {
            this.engine = engine;
            return this;
        }

        public Builder storage(StorybookRepository storybooks, SceneRepository scenes, FilmRepository films,
                               ChatUserRepository users, BlobStore blobs) {
            this.storybooks = storybooks;
            this.scenes = scenes;
            this.films = films;
            this.users = users;
            this.blobs = blobs;
            return this;
        }

        /** How photos are checked and turned upright, and how the storyboard is drawn. */
        public Builder photos(ImageInspector inspector, OrientationNormaliser normaliser, StoryboardRenderer storyboard) {
            this.inspector = inspector;
            this.normaliser = normaliser;
            this.storyboard = storyboard;
            return this;
        }

        public Builder limits(StoryreelConfig.Limits limits) {
            this.limits = limits;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * The free-space floor of the data folder: below it {@code make} and Confirm say so before anything is paid.
         * Optional; without it there is no floor.
         */
        public Builder diskSpace(StorageHealth health) {
            this.diskSpace = health;
            return this;
        }

        /** Runs the handlers; events of one chat run one at a time, in order. */
        public Builder executor(Executor executor) {
            this.executor = executor;
            return this;
        }

        /** Optional: the users ({@code PLATFORM:id}) who may ask for {@code /ops}, and where the summary is read. */
        public Builder operators(java.util.Collection<String> userKeys, OpsSummary summary) {
            this.operators = java.util.Set.copyOf(userKeys);
            this.opsSummary = summary;
            return this;
        }

        /** Optional: where the sizes of delivered films are counted. */
        public Builder metrics(StoryreelMetrics metrics) {
            this.metrics = metrics;
            return this;
        }

        /** Optional: how often a progress message may be edited (without it, every change is shown at once). */
        public Builder editPace(EditPace pace) {
            this.editPace = pace;
            return this;
        }

        /** Runs the handlers on these lanes (shared with an adapter), instead of lanes of its own on an executor. */
        public Builder lanes(ChatLanes lanes) {
            this.lanes = lanes;
            return this;
        }

        /** The storyboard page's sign-in links, which {@code /web} answers with; unset: the page is off. */
        public Builder web(WebLinks links) {
            this.webLinks = links;
            return this;
        }

        public Conversation build() {
            Objects.requireNonNull(ports, "chats");
            Objects.requireNonNull(providers, "providers");
            Objects.requireNonNull(vault, "keys");
            Objects.requireNonNull(engine, "engine");
            Objects.requireNonNull(storybooks, "storage");
            Objects.requireNonNull(inspector, "photos");
            Objects.requireNonNull(limits, "limits");
            Objects.requireNonNull(clock, "clock");
            if (lanes == null) {
                Objects.requireNonNull(executor, "executor");
            }
            return new Conversation(this);
        }
    }

    /** The sentence for a music file of {@code bytes} over the limit of {@code max} bytes (the page's, too). */
    public static String musicTooLarge(String fileName, long bytes, long max) {
        return SoundWording.musicTooBig(fileName, bytes, max);
    }
}
