package io.storyreel.core.conversation;

import io.storyreel.core.chat.Button;
import io.storyreel.core.chat.ChatDeliveryException;
import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.ChatPort;
import io.storyreel.core.chat.ChatPorts;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.Message;
import io.storyreel.core.chat.MessageRef;
import io.storyreel.core.chat.UserRef;
import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.core.generation.EngineReason;
import io.storyreel.core.generation.GenerationEngine;
import io.storyreel.core.generation.GenerationListener;
import io.storyreel.core.generation.GenerationRefusedException;
import io.storyreel.core.image.ImageInspector;
import io.storyreel.core.image.OrientationNormaliser;
import io.storyreel.core.keys.KeyVault;
import io.storyreel.core.logging.SecretRegistry;
import io.storyreel.core.provider.Capabilities;
import io.storyreel.core.provider.CostEstimate;
import io.storyreel.core.provider.Credentials;
import io.storyreel.core.provider.ProviderException;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.storage.BlobStore;
import io.storyreel.core.storage.Database;
import io.storyreel.core.storybook.ChatUserRepository;
import io.storyreel.core.storybook.ClipPlan;
import io.storyreel.core.storybook.Film;
import io.storyreel.core.storybook.FilmRepository;
import io.storyreel.core.storybook.Scene;
import io.storyreel.core.storybook.SceneRepository;
import io.storyreel.core.storybook.Storybook;
import io.storyreel.core.storybook.StorybookRepository;
import io.storyreel.core.storybook.StorybookSettings;
import io.storyreel.core.storybook.StorybookState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The one conversation both chat platforms drive. Adapters turn updates into {@link ChatEvent}s and call
 * {@link #accept}; every rule (what a command does, what is checked, what the bot says) lives here. Events of one
 * chat are handled in order on the given executor, never on the adapter's thread, and a failing handler becomes a
 * friendly apology, never a crash. As the engine's {@link GenerationListener} it keeps one status message per film
 * up to date, offers the choices when a clip fails, and delivers the film.
 */
public final class Conversation implements GenerationListener {
    private static final Logger log = LoggerFactory.getLogger(Conversation.class);
    private static final int HISTORY_SIZE = 10;

    private final BlobStore blobs;
    private final ChatPorts ports;
    private final Map<String, VideoProvider> providers;
    private final KeyVault vault;
    private final GenerationEngine engine;
    private final StoryreelConfig.Limits limits;
    private final String defaultProvider;
    private final Clock clock;
    private final ChatLanes lanes;
    private final ChatUserRepository users;
    private final StorybookRepository storybooks;
    private final SceneRepository scenes;
    private final FilmRepository films;
    private final ImageInspector inspector;
    private final StoryboardRenderer storyboard = new StoryboardRenderer();
    /** Last text shown in each film's status message, so unchanged progress costs no edit. */
    private final Map<String, String> shownProgress = new ConcurrentHashMap<>();

    /**
     * @param providers       by id ({@code kling}, {@code minimax}); the order is the order of the provider menu
     * @param defaultProvider used when neither the storybook nor the user chose one
     * @param executor        runs the handlers; events of one chat run one at a time, in order
     */
    public Conversation(Database db, BlobStore blobs, ChatPorts ports, Map<String, VideoProvider> providers,
                        KeyVault vault, GenerationEngine engine, StoryreelConfig.Limits limits, String defaultProvider,
                        Clock clock, Executor executor) {
        this.blobs = blobs;
        this.ports = ports;
        this.providers = new LinkedHashMap<>(providers);
        this.vault = vault;
        this.engine = engine;
        this.limits = limits;
        this.defaultProvider = defaultProvider;
        this.clock = clock;
        this.lanes = new ChatLanes(executor);
        this.users = new ChatUserRepository(db, clock);
        this.storybooks = new StorybookRepository(db, clock);
        this.scenes = new SceneRepository(db, clock);
        this.films = new FilmRepository(db);
        this.inspector = new ImageInspector(ImageInspector.Limits.withMaxBytes(limits.maxPhotoBytes()));
    }

    /** Queues the event behind the chat's earlier events and returns at once. */
    public void accept(ChatEvent event) {
        submit(event);
    }

    /** Like {@link #accept}, with a future that completes once the event was handled (for tests and tools). */
    public CompletableFuture<Void> submit(ChatEvent event) {
        return lanes.submit(event.chat().key(), () -> handleSafely(event));
    }

    private void handleSafely(ChatEvent event) {
        try {
            users.touch(event.user());
            handle(event);
        } catch (RuntimeException e) {
            log.error("Handling {} in {} failed", event.getClass().getSimpleName(), event.chat().key(), e);
            try {
                say(event.chat(), Message.text(Wording.somethingWentWrong()));
            } catch (RuntimeException again) {
                log.warn("Could not even apologise in {}: {}", event.chat().key(), again.toString());
            }
        }
    }

    private void handle(ChatEvent event) {
        if (event instanceof ChatEvent.Command c) {
            command(c);
        } else if (event instanceof ChatEvent.PhotoAdded p) {
            photos(p.chat(), p.user(), List.of(p));
        } else if (event instanceof ChatEvent.Album a) {
            photos(a.chat(), a.user(), a.photos());
        } else if (event instanceof ChatEvent.TextMessage t) {
            text(t);
        } else if (event instanceof ChatEvent.ButtonPressed b) {
            button(b);
        } else if (event instanceof ChatEvent.SecretSubmitted s) {
            secret(s);
        } else if (event instanceof ChatEvent.UnsupportedFile u) {
            boolean bigImage = u.mimeType() != null && u.mimeType().startsWith("image/") && u.bytes() > limits.maxPhotoBytes();
            refuse(u.chat(), u.source(), bigImage ? Wording.imageFileTooBig(u.fileName(), u.bytes(), limits.maxPhotoBytes())
                    : Wording.unsupportedFile(u.fileName()));
        }
    }

    // ——— collecting ———

    private void photos(ChatRef chat, UserRef user, List<ChatEvent.PhotoAdded> incoming) {
        List<ChatEvent.PhotoAdded> photos = incoming.stream()
                .filter(p -> chat.isPrivate() || p.addressed())
                .sorted(Comparator.comparingLong(ChatEvent.PhotoAdded::order))
                .toList();
        if (photos.isEmpty()) {
            return; // group chatter not meant for the bot
        }
        MessageRef replyTo = photos.get(0).source();
        Storybook sb = openOrCreate(chat, user, null);
        if (sb.state().running()) {
            refuse(chat, replyTo, Wording.busy(syntax(chat)));
            return;
        }
        unconfirm(sb);
        VideoProvider provider = providerFor(sb, user);
        List<String> problems = new ArrayList<>();
        List<SceneRepository.NewScene> accepted = new ArrayList<>();
        List<String> tooLong = new ArrayList<>();
        int room = limits.maxScenes() - scenes.count(sb.id());
        int refusedForRoom = 0;
        for (int i = 0; i < photos.size(); i++) {
            ChatEvent.PhotoAdded p = photos.get(i);
            ImageInspector.Inspected img;
            try {
                img = inspector.inspect(p.bytes());
            } catch (ImageInspector.Rejected r) {
                problems.add(Wording.photoRejected(i + 1, photos.size(), r.getMessage()));
                continue;
            }
            if (accepted.size() >= room) {
                refusedForRoom++;
                continue;
            }
            String prompt = p.caption() == null || p.caption().isBlank() ? null : p.caption().strip();
            if (prompt != null && provider != null && prompt.length() > provider.capabilities().maxPromptChars()) {
                tooLong.add(prompt);
                prompt = null;
            } else {
                tooLong.add(null);
            }
            // camera files keep their pixels sideways plus an EXIF tag; everything after this sees them upright
            OrientationNormaliser.Upright upright = new OrientationNormaliser().normalise(p.bytes(), img);
            String blob = blobs.put(upright.bytes());
            accepted.add(new SceneRepository.NewScene(blob, upright.mime(), upright.width(), upright.height(), prompt,
                    user.key(), user.displayName(), p.source() == null ? null : p.source().messageId(), p.albumId()));
        }
        if (refusedForRoom > 0) {
            problems.add(Wording.storybookFull(syntax(chat), limits.maxScenes(), refusedForRoom));
        }
        List<Scene> added = accepted.isEmpty() ? List.of()
                : scenes.append(sb.id(), accepted, limits.maxScenes()).orElse(List.of());
        if (!accepted.isEmpty() && added.isEmpty()) {
            problems.add(Wording.storybookFull(syntax(chat), limits.maxScenes(), accepted.size()));
        }
        StringBuilder answer = new StringBuilder();
        if (!added.isEmpty()) {
            answer.append(Wording.added(syntax(chat), added, scenes.count(sb.id()), limits.maxScenes()));
        }
        for (String p : problems) {
            answer.append(answer.isEmpty() ? "" : "\n").append(p);
        }
        if (added.isEmpty()) {
            refuse(chat, replyTo, answer.toString()); // nothing changed: only the sender needs to know why
        } else {
            reply(chat, replyTo, answer.toString());
        }
        for (int i = 0; i < added.size(); i++) {
            Scene s = added.get(i);
            if (s.hasPrompt()) {
                continue;
            }
            String longOne = tooLong.get(i);
            String question = longOne == null ? Wording.askPrompt(syntax(chat), s.position())
                    : Wording.promptTooLong(syntax(chat), s.position(), longOne.length(), provider.capabilities().displayName(),
                    provider.capabilities().maxPromptChars());
            MessageRef source = s.sourceMsgId() == null ? null : new MessageRef(chat, s.sourceMsgId());
            Message ask = Message.text(question).replyingTo(source);
            // a prompt over the provider's limit is the sender's bad input: only they need to see the refusal
            MessageRef asked = say(chat, longOne == null ? ask : ask.privately());
            if (asked != null) {
                // a reply to the question (or, before it arrived, to the photo) sets this scene's prompt
                scenes.setSourceMessage(s.id(), asked.messageId());
            }
        }
    }

    private void text(ChatEvent.TextMessage t) {
        Optional<Storybook> open = storybooks.findOpen(t.chat());
        String text = t.text() == null ? "" : t.text().strip();
        if (open.isPresent() && !text.isEmpty()) {
            Storybook sb = open.get();
            Optional<Scene> target = Optional.empty();
            if (t.replyTo() != null) {
                target = scenes.findBySourceMessage(sb.id(), t.replyTo().messageId());
            } else if (t.chat().isPrivate()) {
                target = scenes.list(sb.id()).stream().filter(s -> !s.hasPrompt()).findFirst();
            }
            if (target.isPresent()) {
                if (sb.state().running()) {
                    refuse(t.chat(), t.source(), Wording.frozen(syntax(t.chat())));
                    return;
                }
                setPrompt(t.chat(), t.source(), sb, target.get(), t.user(), text);
                return;
            }
        }
        if (t.chat().isPrivate()) {
            refuse(t.chat(), t.source(), Wording.textHint(syntax(t.chat())));
        }
    }

    private void setPrompt(ChatRef chat, MessageRef source, Storybook sb, Scene scene, UserRef user, String prompt) {
        VideoProvider provider = providerFor(sb, user);
        if (provider != null && prompt.length() > provider.capabilities().maxPromptChars()) {
            refuse(chat, source, Wording.promptTooLongForCommand(prompt.length(), provider.capabilities().displayName(),
                    provider.capabilities().maxPromptChars()));
            return;
        }
        unconfirm(sb);
        scenes.setPrompt(scene.id(), prompt);
        reply(chat, source, Wording.promptSet(scene.position(), prompt));
    }

    // ——— commands ———

    private void command(ChatEvent.Command c) {
        String name = c.name() == null ? "" : c.name().toLowerCase(Locale.ROOT);
        CommandSyntax cs = syntax(c.chat());
        switch (name) {
            case "start" -> reply(c, Wording.welcome(cs, limits.maxScenes()));
            case "help" -> reply(c, Wording.help(cs));
            case "new" -> newStorybook(c);
            case "list" -> list(c);
            case "remove" -> remove(c);
            case "move" -> move(c);
            case "prompt" -> prompt(c);
            case "add" -> reply(c, Wording.addHowTo(cs, !c.chat().isPrivate()));
            case "provider" -> provider(c);
            case "settings" -> settings(c);
            case "setkeys" -> refuse(c, c.chat().isPrivate() ? setkeysUsage(cs) : Wording.onlyPrivate(cs, "setkeys"));
            case "keys" -> refuse(c, Wording.keys(cs, vault.providers(c.user().key()), providerNames()));
            case "forgetkeys" -> forgetKeys(c);
            case "make" -> make(c.chat(), c.user(), c.source());
            case "cancel" -> cancel(c.chat(), c.source());
            case "status" -> status(c);
            case "redo" -> redo(c);
            case "history" -> history(c);
            default -> refuse(c, Wording.unknownCommand(cs, name));
        }
    }

    private void newStorybook(ChatEvent.Command c) {
        Optional<Storybook> open = storybooks.findOpen(c.chat());
        int setAside = 0;
        if (open.isPresent()) {
            Storybook sb = open.get();
            if (sb.state().running()) {
                refuse(c, Wording.busy(syntax(c.chat())));
                return;
            }
            setAside = scenes.count(sb.id());
            if (setAside == 0 && sb.state() == StorybookState.COLLECTING) {
                // an empty storybook is simply renamed rather than piling up empty rows
                if (!c.rawArgs().isBlank()) {
                    storybooks.setTitle(sb.id(), c.rawArgs().strip());
                }
                announceNew(c, sb.id(), c.rawArgs().strip(), 0);
                return;
            }
            storybooks.setAside(sb.id());
        }
        String title = c.rawArgs().isBlank() ? null : c.rawArgs().strip();
        Storybook created = create(c.chat(), title, open.map(Storybook::provider).orElse(null),
                open.map(Storybook::settings).orElse(StorybookSettings.defaults()), c.user().key());
        announceNew(c, created.id(), title, setAside);
    }

    private void announceNew(ChatEvent.Command c, String storybookId, String title, int setAside) {
        if (c.chat().isPrivate()) {
            reply(c, Wording.newStorybook(syntax(c.chat()), title, setAside));
        } else {
            MessageRef anchor = reply(c.chat(), c.source(), Wording.storybookOpened(syntax(c.chat()), title, limits.maxScenes())
                    + Wording.setAside(setAside));
            if (anchor != null) {
                storybooks.setAnchorMessage(storybookId, anchor.messageId());
            }
        }
    }

    private void list(ChatEvent.Command c) {
        Optional<Storybook> open = storybooks.findOpen(c.chat());
        List<Scene> all = open.map(sb -> scenes.list(sb.id())).orElse(List.of());
        if (all.isEmpty()) {
            reply(c, Wording.empty(syntax(c.chat())));
            return;
        }
        Storybook sb = open.get();
        VideoProvider provider = providerFor(sb, c.user());
        String text = Wording.listText(syntax(c.chat()), sb.title(), all, limits.maxScenes(),
                provider == null ? null : provider.capabilities().displayName());
        byte[] picture = storyboard.render(sb.title(), all.stream()
                .map(s -> new StoryboardRenderer.Tile(s.position(), readBlob(s.imageBlob()), s.prompt(), s.contributor()))
                .toList());
        say(c.chat(), Message.text(text).withImage(picture).replyingTo(groupReply(c.chat(), c.source())));
    }

    private byte[] readBlob(String id) {
        return blobs.exists(id) ? blobs.read(id) : null;
    }

    private void remove(ChatEvent.Command c) {
        Optional<Integer> n = intArg(c.args(), 0);
        if (n.isEmpty()) {
            refuse(c, Wording.notANumber(syntax(c.chat()).remove("N")));
            return;
        }
        editable(c).ifPresent(sb -> {
            int count = scenes.count(sb.id());
            if (!scenes.remove(sb.id(), n.get())) {
                refuse(c, Wording.noSuchScene(n.get(), count));
                return;
            }
            unconfirm(sb);
            reply(c, Wording.removed(syntax(c.chat()), n.get(), count - 1));
        });
    }

    private void move(ChatEvent.Command c) {
        Optional<Integer> from = intArg(c.args(), 0);
        Optional<Integer> to = intArg(c.args(), 1);
        if (from.isEmpty() || to.isEmpty()) {
            refuse(c, Wording.notANumber(syntax(c.chat()).move("N", "M")));
            return;
        }
        editable(c).ifPresent(sb -> {
            int count = scenes.count(sb.id());
            if (!scenes.move(sb.id(), from.get(), to.get())) {
                int bad = from.get() < 1 || from.get() > count ? from.get() : to.get();
                refuse(c, Wording.noSuchScene(bad, count));
                return;
            }
            unconfirm(sb);
            reply(c, Wording.moved(syntax(c.chat()), from.get(), to.get()));
        });
    }

    private void prompt(ChatEvent.Command c) {
        Optional<Integer> n = intArg(c.args(), 0);
        String rest = c.rawArgs().strip().replaceFirst("^\\S+\\s*", "");
        if (n.isEmpty() || rest.isBlank()) {
            refuse(c, Wording.notANumber(syntax(c.chat()).prompt("N", "text")));
            return;
        }
        editable(c).ifPresent(sb -> {
            Optional<Scene> scene = scenes.at(sb.id(), n.get());
            if (scene.isEmpty()) {
                refuse(c, Wording.noSuchScene(n.get(), scenes.count(sb.id())));
                return;
            }
            setPrompt(c.chat(), c.source(), sb, scene.get(), c.user(), rest);
        });
    }

    /** The open storybook when its scenes may change; otherwise answers why not. */
    private Optional<Storybook> editable(ChatEvent.Command c) {
        Optional<Storybook> open = storybooks.findOpen(c.chat());
        if (open.isEmpty()) {
            refuse(c, Wording.empty(syntax(c.chat())));
            return Optional.empty();
        }
        if (open.get().state().running()) {
            refuse(c, Wording.frozen(syntax(c.chat())));
            return Optional.empty();
        }
        return open;
    }

    // ——— provider and settings ———

    private void provider(ChatEvent.Command c) {
        if (!c.args().isEmpty()) {
            chooseProvider(c.chat(), c.user(), c.args().get(0).toLowerCase(Locale.ROOT), c.source());
            return;
        }
        Storybook sb = openOrCreate(c.chat(), c.user(), null);
        VideoProvider current = providerFor(sb, c.user());
        List<String> lines = new ArrayList<>();
        List<Button> row = new ArrayList<>();
        for (VideoProvider p : providers.values()) {
            StorybookSettings s = p == current ? sb.settings() : StorybookSettings.defaults();
            Optional<ClipPlan> plan = ClipPlan.resolve(p, s).or(() -> ClipPlan.resolve(p, StorybookSettings.defaults()));
            Capabilities caps = p.capabilities();
            if (plan.isPresent()) {
                CostEstimate cost = p.estimate(plan.get().request("", null, null));
                lines.add(Wording.providerLine(caps, plan.get(), cost));
                row.add(new ButtonAction(ButtonAction.Verb.PROVIDER, null, p.id())
                        .button(caps.displayName() + " · " + Wording.money(cost)));
            }
        }
        say(c.chat(), Message.text(Wording.providerMenu(lines, current == null ? null : current.capabilities().displayName()))
                .withButtons(List.of(row)).replyingTo(groupReply(c.chat(), c.source())));
    }

    private void chooseProvider(ChatRef chat, UserRef user, String id, MessageRef replyTo) {
        VideoProvider p = providers.get(id);
        if (p == null) {
            refuse(chat, replyTo, Wording.unknownProvider(id, List.copyOf(providers.keySet())));
            return;
        }
        Storybook sb = openOrCreate(chat, user, null);
        if (sb.state().running()) {
            refuse(chat, replyTo, Wording.frozen(syntax(chat)));
            return;
        }
        unconfirm(sb);
        if (!id.equals(sb.provider())) {
            storybooks.setProvider(sb.id(), id);
            // model, mode and resolution names differ between providers; keep only the provider-neutral choices
            StorybookSettings s = sb.settings();
            storybooks.setSettings(sb.id(), new StorybookSettings(null, null, null, null, s.negativePrompt(),
                    s.styleSuffix(), s.crossfadeSeconds(), s.captions(), s.musicBlob(), s.musicVolume()));
        }
        users.setPreferredProvider(user.key(), id);
        reply(chat, replyTo, Wording.providerSet(syntax(chat), p.capabilities().displayName()));
    }

    private void settings(ChatEvent.Command c) {
        Storybook sb = openOrCreate(c.chat(), c.user(), null);
        if (c.args().isEmpty()) {
            showSettings(c.chat(), sb, c.user(), null, c.source());
            return;
        }
        if (c.args().size() < 2) {
            refuse(c, Wording.settingsUsage(syntax(c.chat())));
            return;
        }
        String key = c.args().get(0).toLowerCase(Locale.ROOT);
        String value = c.rawArgs().strip().replaceFirst("^\\S+\\s*", "");
        applySetting(c.chat(), c.user(), sb, key, value, null, c.source());
    }

    private void applySetting(ChatRef chat, UserRef user, Storybook sb, String key, String value, MessageRef menu,
                              MessageRef source) {
        if (sb.state().running()) {
            refuse(chat, source, Wording.frozen(syntax(chat)));
            return;
        }
        VideoProvider provider = providerFor(sb, user);
        if (provider == null) {
            refuse(chat, source, Wording.unknownProvider(String.valueOf(sb.provider()), List.copyOf(providers.keySet())));
            return;
        }
        SettingChange change = SettingChange.apply(syntax(chat), provider, sb.settings(), key, value);
        if (change.error() != null) {
            refuse(chat, source, Wording.settingRefused(change.error()));
            return;
        }
        unconfirm(sb);
        storybooks.setSettings(sb.id(), change.settings());
        showSettings(chat, storybooks.find(sb.id()).orElseThrow(), user, menu, source);
    }

    private void showSettings(ChatRef chat, Storybook sb, UserRef user, MessageRef editInPlace, MessageRef source) {
        VideoProvider provider = providerFor(sb, user);
        if (provider == null) {
            refuse(chat, source, Wording.unknownProvider(String.valueOf(sb.provider()), List.copyOf(providers.keySet())));
            return;
        }
        Optional<ClipPlan> plan = ClipPlan.resolve(provider, sb.settings());
        if (plan.isEmpty()) {
            refuse(chat, source, Wording.settingRefused(Wording.planProblem(syntax(chat), ClipPlan.problem(provider, sb.settings()))));
            return;
        }
        Message m = Message.text(Wording.settings(syntax(chat), provider.capabilities().displayName(), plan.get(), sb.settings()))
                .withButtons(SettingChange.buttons(provider, plan.get()));
        if (editInPlace != null) {
            port(chat).edit(editInPlace, m);
        } else {
            say(chat, m.replyingTo(groupReply(chat, source)));
        }
    }

    // ——— keys ———

    /** How commands are written in this chat. */
    private static CommandSyntax syntax(ChatRef chat) {
        return CommandSyntax.of(chat);
    }

    private String needKeys(ChatRef chat, VideoProvider p) {
        CommandSyntax cs = syntax(chat);
        String name = p == null ? "provider" : p.capabilities().displayName();
        String setkeys = p == null ? cs.command("setkeys") : cs.setkeys(p.id(), p.credentialFields());
        return Wording.needKeys(cs, name, setkeys, !chat.isPrivate());
    }

    private String setkeysUsage(CommandSyntax cs) {
        return Wording.setkeysUsage(cs, providers.values().stream().map(p -> cs.setkeys(p.id(), p.credentialFields())).toList());
    }

    private void secret(ChatEvent.SecretSubmitted s) {
        // SecretRegistry first: whatever happens next, the secret never reaches a log in clear
        if (s.secret() != null) {
            for (String part : s.secret().strip().split("\\s+")) {
                SecretRegistry.register(part);
            }
        }
        boolean deleted = s.source() == null || tryDelete(s.source());
        String providerId = s.provider() == null ? "" : s.provider().strip().toLowerCase(Locale.ROOT);
        VideoProvider p = providers.get(providerId);
        String name = p == null ? providerId : p.capabilities().displayName();
        if (!s.chat().isPrivate() && s.source() != null) {
            // posted where others could read it: refuse and ask for rotation, whatever it was
            reply(s.chat(), null, Wording.keysPostedInGroup(syntax(s.chat()), name.isBlank() ? "provider" : name, deleted));
            return;
        }
        List<String> notes = new ArrayList<>();
        if (!deleted) {
            notes.add(Wording.deleteFailed());
        }
        if (p == null) {
            privately(s, join(notes, providerId.isBlank() ? setkeysUsage(syntax(s.chat()))
                    : Wording.unknownProvider(providerId, List.copyOf(providers.keySet())) + "\n" + setkeysUsage(syntax(s.chat()))));
            return;
        }
        String[] parts = s.secret() == null || s.secret().isBlank() ? new String[0] : s.secret().strip().split("\\s+");
        List<String> fields = p.credentialFields();
        if (parts.length != fields.size()) {
            privately(s, join(notes, Wording.setkeysWrongFields(name,
                    syntax(s.chat()).reenterKeys(p.id(), p.credentialFields()), s.source() != null)));
            return;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            values.put(fields.get(i), parts[i]);
        }
        Credentials credentials = new Credentials(values);
        VideoProvider.KeyCheck check;
        try {
            check = p.verifyKeys(credentials);
        } catch (ProviderException e) {
            check = new VideoProvider.KeyCheck(false, true, e.getMessage());
        }
        if (!check.valid()) {
            privately(s, join(notes, Wording.keysInvalid(name, check.message())));
            return;
        }
        vault.store(s.user().key(), p.id(), credentials);
        privately(s, join(notes, Wording.keysSaved(name, credentials.masked(), check.checkedOnline(), s.source() != null)));
    }

    private boolean tryDelete(MessageRef ref) {
        try {
            port(ref.chat()).delete(ref);
            return true;
        } catch (RuntimeException e) {
            log.warn("Could not delete a message holding keys in {}: {}", ref.chat().key(), e.toString());
            return false;
        }
    }

    private void forgetKeys(ChatEvent.Command c) {
        List<String> which = c.args().isEmpty() ? vault.providers(c.user().key())
                : List.of(c.args().get(0).toLowerCase(Locale.ROOT));
        List<String> forgotten = new ArrayList<>();
        for (String p : which) {
            if (vault.forget(c.user().key(), p)) {
                forgotten.add(p);
            }
        }
        refuse(c, Wording.forgot(forgotten));
    }

    // ——— making a film ———

    /** What /make found: the plan and estimates, or the reasons it cannot go ahead. */
    private record MakeCheck(VideoProvider provider, ClipPlan plan, List<CostEstimate> perClip, CostEstimate total,
                             List<String> reasons) {
    }

    private MakeCheck check(Storybook sb, UserRef user, boolean payerKnown) {
        List<String> reasons = new ArrayList<>();
        List<Scene> all = scenes.list(sb.id());
        if (all.isEmpty()) {
            return new MakeCheck(null, null, List.of(), null, List.of(Wording.nothingToMake(syntax(sb.chat()))));
        }
        VideoProvider provider = providerFor(sb, user);
        if (provider == null) {
            reasons.add(Wording.unknownProvider(String.valueOf(sb.provider()), List.copyOf(providers.keySet())));
            return new MakeCheck(null, null, List.of(), null, reasons);
        }
        Capabilities caps = provider.capabilities();
        List<Integer> missing = all.stream().filter(s -> !s.hasPrompt()).map(Scene::position).toList();
        if (!missing.isEmpty()) {
            reasons.add(Wording.missingPrompts(syntax(sb.chat()), missing));
        }
        if (payerKnown) {
            if (!vault.providers(user.key()).contains(provider.id())) {
                reasons.add(needKeys(sb.chat(), provider));
            }
            if (storybooks.countRunningPaidBy(user.key()) >= limits.runningFilmsPerUser()) {
                reasons.add(Wording.tooManyRunning(limits.runningFilmsPerUser()));
            }
            long dayAgo = clock.millis() - Duration.ofDays(1).toMillis();
            if (storybooks.countConfirmedBySince(user.key(), dayAgo) >= limits.dailyFilmsPerUser()) {
                reasons.add(Wording.dailyLimit(limits.dailyFilmsPerUser()));
            }
        }
        Optional<ClipPlan> plan = ClipPlan.resolve(provider, sb.settings());
        if (plan.isEmpty()) {
            reasons.add(Wording.planProblem(syntax(sb.chat()), ClipPlan.problem(provider, sb.settings())));
            return new MakeCheck(provider, null, List.of(), null, reasons);
        }
        List<CostEstimate> perClip = new ArrayList<>();
        for (Scene s : all) {
            if (!s.hasPrompt()) {
                continue;
            }
            String full = sb.settings().promptFor(s.prompt());
            if (full.length() > caps.maxPromptChars()) {
                reasons.add(Wording.sceneProblem(s.position(), Wording.promptTooLongForCommand(full.length(),
                        caps.displayName(), caps.maxPromptChars())));
                continue;
            }
            try {
                var request = provider.prepare(plan.get().request(s.prompt(), readBlob(s.imageBlob()), s.imageMime()));
                perClip.add(provider.estimate(request));
            } catch (ProviderException e) {
                reasons.add(Wording.sceneProblem(s.position(), e.getMessage()));
            }
        }
        CostEstimate total = perClip.stream().reduce(CostEstimate::plus).orElse(null);
        return new MakeCheck(provider, plan.get(), perClip, total, reasons);
    }

    private void make(ChatRef chat, UserRef user, MessageRef source) {
        Optional<Storybook> open = storybooks.findOpen(chat);
        if (open.isEmpty() || scenes.count(open.get().id()) == 0) {
            refuse(chat, source, Wording.nothingToMake(syntax(chat)));
            return;
        }
        Storybook sb = open.get();
        if (sb.state().running()) {
            refuse(chat, source, Wording.statusState(syntax(chat), sb.state()));
            return;
        }
        // in a group whoever confirms pays, so the maker's own keys and limits are checked at confirmation
        MakeCheck check = check(sb, user, chat.isPrivate());
        if (!check.reasons().isEmpty()) {
            refuse(chat, source, Wording.cannotMake(check.reasons()));
            return;
        }
        if (sb.provider() == null) {
            storybooks.setProvider(sb.id(), check.provider().id());
        }
        storybooks.awaitConfirmation(sb.id());
        storybooks.setPayer(sb.id(), null); // whoever confirms this estimate becomes the payer
        String name = check.provider().capabilities().displayName();
        say(chat, Message.text(Wording.estimate(name, check.plan(), check.perClip(), check.total(), !chat.isPrivate()))
                .withButtons(List.of(List.of(
                        new ButtonAction(ButtonAction.Verb.CONFIRM, sb.id(), null).button(Wording.confirmLabel(check.total())),
                        new ButtonAction(ButtonAction.Verb.DECLINE, sb.id(), null).button(Wording.cancelLabel()))))
                .replyingTo(groupReply(chat, source)));
    }

    private void confirm(ChatEvent.ButtonPressed b, Storybook sb) {
        MakeCheck check = check(sb, b.user(), true);
        if (!check.reasons().isEmpty()) {
            answerPress(b, Wording.cannotMake(check.reasons()));
            return;
        }
        if (!storybooks.confirm(sb.id(), b.user().key())) {
            answerPress(b, Wording.staleButton());
            return;
        }
        if (b.message() != null) {
            editQuietly(b.message(), Message.text(Wording.confirmed(b.user().displayName())));
        }
        MessageRef status = say(b.chat(), Message.text(Wording.starting()).withButtons(List.of(List.of(
                new ButtonAction(ButtonAction.Verb.CANCEL_FILM, sb.id(), null).button(Wording.cancelLabel()))))
                .replyingTo(b.source()));
        storybooks.setStatusMessage(sb.id(), status == null ? null : status.messageId());
        shownProgress.put(sb.id(), Wording.starting());
        // the chat's upload limit is recorded with the film, so the merge fits it without asking the chat again
        long uploadLimit = port(b.chat()).uploadLimitBytes(b.chat());
        if (!engineCall(b.chat(), () -> engine.start(sb.id(), uploadLimit))) {
            storybooks.backToCollecting(sb.id());
            storybooks.setPayer(sb.id(), null);
            shownProgress.remove(sb.id());
            editQuietly(status, Message.text(Wording.startFailed(syntax(b.chat()))));
        }
    }

    /**
     * Runs an engine command; when the engine refuses (e.g. a limit, or a state that moved on: its reason is worded
     * for this chat) or fails, the chat is told and false is returned. Nothing was paid in either case.
     */
    private boolean engineCall(ChatRef chat, Runnable call) {
        try {
            call.run();
            return true;
        } catch (RuntimeException e) {
            if (e instanceof GenerationRefusedException refused) {
                log.info("Engine refused in {}: {}", chat.key(), refused.reason());
                say(chat, Message.text(ReasonWording.say(syntax(chat), refused.reason())));
            } else {
                log.error("Engine call failed in {}", chat.key(), e);
                say(chat, Message.text(Wording.somethingWentWrong()));
            }
            return false;
        }
    }

    private void cancel(ChatRef chat, MessageRef source) {
        Optional<Storybook> open = storybooks.findOpen(chat);
        if (open.isEmpty() || open.get().state() == StorybookState.COLLECTING) {
            refuse(chat, source, Wording.noFilmRunning());
            return;
        }
        Storybook sb = open.get();
        if (sb.state() == StorybookState.CONFIRMING) {
            storybooks.backToCollecting(sb.id());
            reply(chat, source, Wording.cancelledConfirming());
            return;
        }
        stopFilm(chat, sb, source);
    }

    private void stopFilm(ChatRef chat, Storybook sb, MessageRef source) {
        GenerationEngine.CancelResult[] result = new GenerationEngine.CancelResult[1];
        if (!engineCall(chat, () -> result[0] = engine.cancel(sb.id()))) {
            return;
        }
        keepScenesInNewStorybook(sb);
        shownProgress.remove(sb.id());
        reply(chat, source, Wording.cancelledRunning(syntax(chat), result[0].paidPositions(), result[0].unpaidPositions(),
                result[0].paidUsd()));
    }

    /** A cancelled or failed film's photos go into a fresh storybook, so nothing the chat collected is lost. */
    private void keepScenesInNewStorybook(Storybook old) {
        if (storybooks.findOpen(old.chat()).isPresent()) {
            return;
        }
        Storybook fresh = create(old.chat(), old.title(), old.provider(), old.settings(), old.ownerKey());
        scenes.copyAll(old.id(), fresh.id());
    }

    private void status(ChatEvent.Command c) {
        Optional<Storybook> open = storybooks.findOpen(c.chat());
        if (open.isEmpty()) {
            reply(c, Wording.noStorybook(syntax(c.chat())));
            return;
        }
        Storybook sb = open.get();
        if (sb.state() == StorybookState.COLLECTING) {
            List<Scene> all = scenes.list(sb.id());
            VideoProvider p = providerFor(sb, c.user());
            reply(c, Wording.statusCollecting(syntax(c.chat()), all.size(), limits.maxScenes(),
                    (int) all.stream().filter(s -> !s.hasPrompt()).count(),
                    p == null ? null : p.capabilities().displayName()));
            return;
        }
        String shown = shownProgress.get(sb.id());
        reply(c, shown != null && sb.state().running() && sb.state() != StorybookState.PAUSED ? shown
                : Wording.statusState(syntax(c.chat()), sb.state()));
    }

    private void redo(ChatEvent.Command c) {
        Optional<Integer> n = intArg(c.args(), 0);
        if (n.isEmpty()) {
            refuse(c, Wording.notANumber(syntax(c.chat()).redo("N")));
            return;
        }
        Optional<Storybook> latest = storybooks.findLatest(c.chat());
        if (latest.isEmpty() || (latest.get().state() != StorybookState.DONE && latest.get().state() != StorybookState.PAUSED)) {
            refuse(c, Wording.nothingToRedo());
            return;
        }
        askRedo(c.chat(), c.user(), latest.get(), n.get(), c.source());
    }

    private void askRedo(ChatRef chat, UserRef user, Storybook sb, int position, MessageRef source) {
        Optional<Scene> scene = scenes.at(sb.id(), position);
        if (scene.isEmpty()) {
            refuse(chat, source, Wording.noSuchScene(position, scenes.count(sb.id())));
            return;
        }
        VideoProvider p = providers.get(sb.provider());
        Optional<ClipPlan> plan = p == null ? Optional.empty() : ClipPlan.resolve(p, sb.settings());
        if (plan.isEmpty()) {
            refuse(chat, source, Wording.nothingToRedo());
            return;
        }
        CostEstimate cost = p.estimate(plan.get().request(scene.get().prompt(), null, scene.get().imageMime()));
        say(chat, Message.text(Wording.redoAsk(position, p.capabilities().displayName(), cost))
                .withButtons(List.of(List.of(
                        new ButtonAction(ButtonAction.Verb.REDO_CONFIRM, sb.id(), String.valueOf(position))
                                .button(Wording.redoLabel(position)),
                        new ButtonAction(ButtonAction.Verb.DECLINE, sb.id(), "keep").button(Wording.keepLabel()))))
                .replyingTo(groupReply(chat, source)));
    }

    private void history(ChatEvent.Command c) {
        List<Film> list = films.listForChat(c.chat(), HISTORY_SIZE);
        List<List<Button>> rows = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Film f = list.get(i);
            String title = storybooks.find(f.storybookId()).map(Storybook::title).orElse(null);
            rows.add(List.of(new ButtonAction(ButtonAction.Verb.RESEND_FILM, f.id(), null)
                    .button(Wording.historyLabel(i + 1, title, f.durationMs() / 1000.0))));
        }
        say(c.chat(), Message.text(Wording.history(list.size())).withButtons(rows)
                .replyingTo(groupReply(c.chat(), c.source())));
    }

    // ——— buttons ———

    private void button(ChatEvent.ButtonPressed b) {
        ButtonAction a = ButtonAction.decode(b.data());
        if (a == null) {
            answerPress(b, Wording.staleButton());
            return;
        }
        switch (a.verb()) {
            case PROVIDER -> chooseProvider(b.chat(), b.user(), a.arg(), b.source());
            case SETTING -> {
                Optional<Storybook> open = storybooks.findOpen(b.chat());
                if (open.isEmpty() || a.target() == null) {
                    answerPress(b, Wording.staleButton());
                } else {
                    applySetting(b.chat(), b.user(), open.get(), a.target(), a.arg(), b.message(), b.source());
                }
            }
            case RESEND_FILM -> resendFilm(b, a.target());
            default -> storybookButton(b, a);
        }
    }

    private void storybookButton(ChatEvent.ButtonPressed b, ButtonAction a) {
        Optional<Storybook> found = a.target() == null ? Optional.empty() : storybooks.find(a.target())
                .filter(sb -> sb.chat().key().equals(b.chat().key()));
        if (found.isEmpty()) {
            answerPress(b, Wording.staleButton());
            return;
        }
        Storybook sb = found.get();
        StorybookState st = sb.state();
        switch (a.verb()) {
            case CONFIRM -> {
                if (st != StorybookState.CONFIRMING) {
                    answerPress(b, Wording.staleButton());
                } else {
                    confirm(b, sb);
                }
            }
            case DECLINE -> {
                if ("keep".equals(a.arg())) {
                    editQuietly(b.message(), Message.text(Wording.keepLabel() + " ✔"));
                } else if (st == StorybookState.CONFIRMING
                        && storybooks.backToCollecting(sb.id())) {
                    editQuietly(b.message(), Message.text(Wording.declined(syntax(b.chat()))));
                } else {
                    answerPress(b, Wording.staleButton());
                }
            }
            case RETRY_CLIP -> {
                Optional<Integer> n = parse(a.arg());
                if (st != StorybookState.PAUSED || n.isEmpty()) {
                    answerPress(b, Wording.staleButton());
                    return;
                }
                if (engineCall(b.chat(), () -> engine.retryClip(sb.id(), n.get()))) {
                    editQuietly(b.message(), Message.text(Wording.retrying(n.get())));
                }
            }
            case MERGE_WITHOUT -> {
                if (st != StorybookState.PAUSED) {
                    answerPress(b, Wording.staleButton());
                    return;
                }
                if (engineCall(b.chat(), () -> engine.mergeWithout(sb.id()))) {
                    editQuietly(b.message(), Message.text(Wording.mergingWithout()));
                }
            }
            case CANCEL_FILM -> {
                if (!st.running()) {
                    answerPress(b, Wording.staleButton());
                    return;
                }
                stopFilm(b.chat(), sb, null);
            }
            case REDO_ASK -> {
                Optional<Integer> n = parse(a.arg());
                if ((st != StorybookState.DONE && st != StorybookState.PAUSED) || n.isEmpty()) {
                    answerPress(b, Wording.staleButton());
                    return;
                }
                askRedo(b.chat(), b.user(), sb, n.get(), null);
            }
            case REDO_CONFIRM -> redoConfirmed(b, sb, a);
            case REGENERATE -> regenerate(b, sb);
            default -> answerPress(b, Wording.staleButton());
        }
    }

    private void redoConfirmed(ChatEvent.ButtonPressed b, Storybook sb, ButtonAction a) {
        Optional<Integer> n = parse(a.arg());
        StorybookState st = sb.state();
        if ((st != StorybookState.DONE && st != StorybookState.PAUSED) || n.isEmpty()) {
            answerPress(b, Wording.staleButton());
            return;
        }
        // the member who asks for the redo pays for it, as with /make
        if (!vault.providers(b.user().key()).contains(sb.provider())) {
            answerPress(b, Wording.cannotMake(List.of(needKeys(b.chat(), providers.get(sb.provider())))));
            return;
        }
        String previousPayer = sb.payerKey();
        storybooks.setPayer(sb.id(), b.user().key());
        if (!engineCall(b.chat(), () -> engine.retryClip(sb.id(), n.get()))) {
            storybooks.setPayer(sb.id(), previousPayer);
            return;
        }
        editQuietly(b.message(), Message.text(Wording.retrying(n.get())));
        MessageRef status = say(b.chat(), Message.text(Wording.retrying(n.get())));
        storybooks.setStatusMessage(sb.id(), status == null ? null : status.messageId());
        shownProgress.put(sb.id(), Wording.retrying(n.get()));
    }

    private void regenerate(ChatEvent.ButtonPressed b, Storybook sb) {
        Optional<Storybook> open = storybooks.findOpen(b.chat());
        if (open.isPresent() && scenes.count(open.get().id()) > 0) {
            answerPress(b, Wording.regenerateBusy(syntax(b.chat())));
            return;
        }
        open.ifPresent(empty -> storybooks.setAside(empty.id()));
        Storybook fresh = create(b.chat(), sb.title(), sb.provider(), sb.settings(), b.user().key());
        scenes.copyAll(sb.id(), fresh.id());
        make(b.chat(), b.user(), null);
    }

    private void resendFilm(ChatEvent.ButtonPressed b, String filmId) {
        ChatRef chat = b.chat();
        Optional<Film> film = filmId == null ? Optional.empty() : films.find(filmId);
        Optional<Storybook> sb = film.flatMap(f -> storybooks.find(f.storybookId()));
        if (film.isEmpty() || sb.isEmpty() || !sb.get().chat().key().equals(chat.key()) || !blobs.exists(film.get().blob())) {
            answerPress(b, Wording.filmGone());
            return;
        }
        Film f = film.get();
        String caption = f.caption() != null ? f.caption()
                : Wording.filmCaption(sb.get().title(), f.provider(), f.model(), f.clips(), f.durationMs() / 1000.0,
                f.costUsd(), 0, null, List.of());
        port(chat).showActivity(chat, ChatPort.Activity.UPLOAD_VIDEO);
        port(chat).sendVideo(chat, blobs.path(f.blob()), caption, filmButtons(sb.get(), f.clips()));
    }

    // ——— GenerationListener: called from the engine's workers ———

    @Override
    public void onProgress(Progress progress) {
        storybooks.find(progress.storybookId()).ifPresent(sb ->
                lanes.submit(sb.chat().key(), () -> guarded("progress", () -> showProgress(sb.id(), progress))));
    }

    private void showProgress(String storybookId, Progress progress) {
        Storybook sb = storybooks.find(storybookId).orElse(null);
        if (sb == null || !sb.state().running()) {
            return; // a late report for a cancelled or delivered film
        }
        String text = ProgressText.render(progress);
        if (text.equals(shownProgress.get(storybookId))) {
            return;
        }
        Message m = Message.text(text).withButtons(List.of(List.of(
                new ButtonAction(ButtonAction.Verb.CANCEL_FILM, storybookId, null).button(Wording.cancelLabel()))));
        ChatPort port = port(sb.chat());
        if (sb.statusMsgId() == null) {
            MessageRef sent = port.send(sb.chat(), m);
            storybooks.setStatusMessage(storybookId, sent.messageId());
        } else {
            port.edit(new MessageRef(sb.chat(), sb.statusMsgId()), m);
        }
        shownProgress.put(storybookId, text);
        if (progress.stage() == Stage.DELIVERING) {
            port.showActivity(sb.chat(), ChatPort.Activity.UPLOAD_VIDEO);
        }
    }

    @Override
    public void onPaused(String storybookId, int position, EngineReason reason) {
        storybooks.find(storybookId).ifPresent(sb -> lanes.submit(sb.chat().key(), () -> guarded("pause", () ->
                say(sb.chat(), Message.text(Wording.paused(position, ReasonWording.say(syntax(sb.chat()), reason)))
                        .withButtons(List.of(
                                List.of(new ButtonAction(ButtonAction.Verb.RETRY_CLIP, storybookId, String.valueOf(position))
                                                .button(Wording.retryLabel(position)),
                                        new ButtonAction(ButtonAction.Verb.MERGE_WITHOUT, storybookId, null)
                                                .button(Wording.mergeWithoutLabel())),
                                List.of(new ButtonAction(ButtonAction.Verb.CANCEL_FILM, storybookId, null)
                                        .button(Wording.cancelLabel()))))))));
    }

    @Override
    public void onFailed(String storybookId, EngineReason reason) {
        storybooks.find(storybookId).ifPresent(sb -> lanes.submit(sb.chat().key(), () -> guarded("failure", () -> {
            shownProgress.remove(storybookId);
            keepScenesInNewStorybook(sb);
            say(sb.chat(), Message.text(Wording.failed(syntax(sb.chat()), ReasonWording.say(syntax(sb.chat()), reason))));
        })));
    }

    /**
     * The engine hands the film over and returns at once: the film is sent on the chat's lane, and the engine hears
     * the outcome (sent, failed, or refused as too large) as its acknowledgement.
     */
    @Override
    public void deliverFilm(String storybookId, String filmId, Path mp4, FilmSummary summary) {
        Storybook sb = storybooks.find(storybookId)
                .orElseThrow(() -> new IllegalStateException("No storybook " + storybookId));
        lanes.submit(sb.chat().key(), () -> guarded("delivery", () -> sendFilm(sb, filmId, mp4, summary)));
    }

    private void sendFilm(Storybook sb, String filmId, Path mp4, FilmSummary summary) {
        if (films.find(filmId).map(Film::deliveredAt).isPresent()) {
            return; // handed over again while an earlier hand-over was still queued here, and that one was sent
        }
        try {
            ChatPort port = port(sb.chat());
            VideoProvider p = providers.get(summary.provider());
            String providerName = p == null ? summary.provider() : p.capabilities().displayName();
            String caption = Wording.filmCaption(sb.title(), providerName, summary.model(), summary.clips(),
                    summary.durationSeconds(), summary.costUsd(), summary.costUnits(), summary.unitName(),
                    summary.contributors());
            port.showActivity(sb.chat(), ChatPort.Activity.UPLOAD_VIDEO);
            port.sendVideo(sb.chat(), mp4, caption, filmButtons(sb, summary.clips()));
        } catch (ChatDeliveryException e) {
            log.warn("Film {} not sent to {}: {}", filmId, sb.chat().key(), e.getMessage());
            engine.deliveryFailed(filmId, e.tooLarge(), e.getMessage());
            return;
        } catch (RuntimeException e) {
            log.warn("Film {} not sent to {}: {}", filmId, sb.chat().key(), e.toString());
            engine.deliveryFailed(filmId, false, e.getMessage());
            return;
        }
        engine.filmDelivered(filmId);
        shownProgress.remove(sb.id());
        if (sb.statusMsgId() != null) {
            editQuietly(new MessageRef(sb.chat(), sb.statusMsgId()), Message.text(Wording.delivered()));
        }
    }

    private List<List<Button>> filmButtons(Storybook sb, int clips) {
        List<Button> redo = new ArrayList<>();
        for (int i = 1; i <= clips; i++) {
            redo.add(new ButtonAction(ButtonAction.Verb.REDO_ASK, sb.id(), String.valueOf(i)).button(Wording.redoLabel(i)));
        }
        List<List<Button>> rows = new ArrayList<>();
        // three per row keeps the labels readable on phones
        for (int i = 0; i < redo.size(); i += 3) {
            rows.add(redo.subList(i, Math.min(redo.size(), i + 3)));
        }
        rows.add(List.of(new ButtonAction(ButtonAction.Verb.REGENERATE, sb.id(), null).button(Wording.regenerateLabel())));
        return rows;
    }

    // ——— helpers ———

    private Storybook openOrCreate(ChatRef chat, UserRef user, String title) {
        Optional<Storybook> open = storybooks.findOpen(chat);
        if (open.isPresent()) {
            return open.get();
        }
        Storybook sb = create(chat, title, null, StorybookSettings.defaults(), user.key());
        if (!chat.isPrivate()) {
            MessageRef anchor = say(chat, Message.text(Wording.storybookOpened(syntax(chat), title, limits.maxScenes())));
            if (anchor != null) {
                storybooks.setAnchorMessage(sb.id(), anchor.messageId());
            }
        }
        return storybooks.find(sb.id()).orElseThrow();
    }

    private Storybook create(ChatRef chat, String title, String provider, StorybookSettings settings, String ownerKey) {
        return storybooks.create(chat, title, ownerKey, provider, settings);
    }

    /** The storybook's provider, else the user's preferred one, else the configured default; null if unknown. */
    private VideoProvider providerFor(Storybook sb, UserRef user) {
        String id = sb.provider() != null ? sb.provider()
                : users.preferredProvider(user.key()).orElse(defaultProvider);
        VideoProvider p = id == null ? null : providers.get(id);
        return p != null ? p : (sb.provider() == null && !providers.isEmpty() ? providers.values().iterator().next() : null);
    }

    /** Any change to scenes or settings makes a shown estimate stale: back to collecting. */
    private void unconfirm(Storybook sb) {
        if (sb.state() == StorybookState.CONFIRMING) {
            storybooks.backToCollecting(sb.id());
        }
    }

    private List<String> providerNames() {
        return providers.values().stream().map(p -> p.id()).toList();
    }

    private ChatPort port(ChatRef chat) {
        return ports.forChat(chat);
    }

    private MessageRef say(ChatRef chat, Message m) {
        return port(chat).send(chat, m);
    }

    private MessageRef reply(ChatEvent.Command c, String text) {
        return reply(c.chat(), c.source(), text);
    }

    /** In groups an answer quotes the message it answers, so members see whom it is for. */
    private MessageRef reply(ChatRef chat, MessageRef source, String text) {
        return say(chat, Message.text(text).replyingTo(groupReply(chat, source)));
    }

    private static MessageRef groupReply(ChatRef chat, MessageRef source) {
        return chat.isPrivate() ? null : source;
    }

    /**
     * An answer that concerns only the member who acted (bad input, a refusal, their keys): private where the platform
     * can do that (Discord ephemeral, as the answer to that member's own interaction); in a Telegram group a reply to
     * their message, in a private chat a plain message.
     */
    private void refuse(ChatRef chat, MessageRef source, String text) {
        say(chat, Message.text(text).privately().replyingTo(groupReply(chat, source)));
    }

    private void refuse(ChatEvent.Command c, String text) {
        refuse(c.chat(), c.source(), text);
    }

    /**
     * A private answer to a button press, addressed to the press itself when the platform gives it one (Discord).
     * Where it cannot (a Telegram group: a press is no message to quote, and the answer is seen by everyone), the
     * answer names the member it is for.
     */
    private void answerPress(ChatEvent.ButtonPressed b, String text) {
        String addressed = b.source() == null && !b.chat().isPrivate() ? Wording.forMember(b.user().displayName(), text) : text;
        say(b.chat(), Message.text(addressed).privately().replyingTo(b.source()));
    }

    /** A private answer about keys; the modal submission (Discord) is what it answers. */
    private void privately(ChatEvent.SecretSubmitted s, String text) {
        MessageRef answers = s.submission() != null ? s.submission() : groupReply(s.chat(), s.source());
        say(s.chat(), Message.text(text).privately().replyingTo(answers));
    }

    private void editQuietly(MessageRef ref, Message m) {
        if (ref == null) {
            return;
        }
        try {
            port(ref.chat()).edit(ref, m);
        } catch (RuntimeException e) {
            log.debug("Could not edit {} in {}: {}", ref.messageId(), ref.chat().key(), e.toString());
        }
    }

    private static String join(List<String> notes, String text) {
        List<String> all = new ArrayList<>(new LinkedHashSet<>(notes));
        all.add(text);
        return String.join("\n", all);
    }

    private void guarded(String what, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.error("Showing {} failed", what, e);
        }
    }

    private static Optional<Integer> intArg(List<String> args, int i) {
        return args.size() > i ? parse(args.get(i)) : Optional.empty();
    }

    private static Optional<Integer> parse(String s) {
        try {
            return s == null ? Optional.empty() : Optional.of(Integer.parseInt(s.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
