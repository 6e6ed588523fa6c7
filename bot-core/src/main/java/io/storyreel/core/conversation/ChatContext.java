package io.storyreel.core.conversation;

import io.storyreel.core.chat.Button;
import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.ChatLanes;
import io.storyreel.core.chat.ChatPort;
import io.storyreel.core.chat.ChatPorts;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.Message;
import io.storyreel.core.chat.MessageRef;
import io.storyreel.core.chat.UserRef;
import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.core.generation.EngineReason;
import io.storyreel.core.generation.GenerationRefusedException;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.storybook.ChatUserRepository;
import io.storyreel.core.storybook.SceneRepository;
import io.storyreel.core.storybook.Shot;
import io.storyreel.core.storybook.Storybook;
import io.storyreel.core.storybook.StorybookRepository;
import io.storyreel.core.storybook.StorybookSettings;
import io.storyreel.core.storybook.StorybookState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What every part of the conversation shares: how it answers in a chat (in groups a reply quotes what it answers,
 * and answers meant for one member are private where the platform can do that), the chat's open storybook, and
 * which provider a storybook uses.
 */
final class ChatContext {
    private static final Logger log = LoggerFactory.getLogger(ChatContext.class);

    private final ChatPorts ports;
    private final Map<String, VideoProvider> providers;
    private final String defaultProvider;
    private final ChatUserRepository users;
    private final StorybookRepository storybooks;
    private final SceneRepository scenes;
    private final StoryreelConfig.Limits limits;
    private final CalmEdits edits;
    /** Per chat, the last film sent with Redo buttons that still apply (until the storybook moves on). */
    private final Map<String, MessageRef> filmButtons = new java.util.concurrent.ConcurrentHashMap<>();
    private final StorybookChanges changes = new StorybookChanges();

    /**
     * @param providers       by id ({@code kling}, {@code minimax}); the order is the order of the provider menu
     * @param defaultProvider used when neither the storybook nor the user chose one
     */
    ChatContext(ChatPorts ports, Map<String, VideoProvider> providers, String defaultProvider, ChatUserRepository users,
                StorybookRepository storybooks, SceneRepository scenes, StoryreelConfig.Limits limits, ChatLanes lanes,
                EditPace pace) {
        this.ports = ports;
        this.providers = new LinkedHashMap<>(providers);
        this.defaultProvider = defaultProvider;
        this.users = users;
        this.storybooks = storybooks;
        this.scenes = scenes;
        this.limits = limits;
        this.edits = new CalmEdits(this::port, lanes, pace, System::nanoTime);
    }

    StorybookChanges changes() {
        return changes;
    }

    StoryreelConfig.Limits limits() {
        return limits;
    }

    /** How commands are written in this chat: its platform's syntax, from the chat's port. */
    CommandWording syntax(ChatRef chat) {
        return new CommandWording(port(chat).syntax());
    }

    // ---------------------------------------------------------------- answering

    ChatPort port(ChatRef chat) {
        return ports.forChat(chat);
    }

    MessageRef say(ChatRef chat, Message m) {
        return port(chat).send(chat, m);
    }

    MessageRef reply(ChatEvent.Command c, String text) {
        return reply(c.chat(), c.source(), text);
    }

    /** In groups an answer quotes the message it answers, so members see whom it is for. */
    MessageRef reply(ChatRef chat, MessageRef source, String text) {
        return say(chat, Message.text(text).replyingTo(groupReply(chat, source)));
    }

    /** What an answer in {@code chat} quotes: the message it answers in a group, nothing in a private chat. */
    static MessageRef groupReply(ChatRef chat, MessageRef source) {
        return chat.isPrivate() ? null : source;
    }

    /**
     * An answer that concerns only the member who acted (bad input, a refusal, their keys): private where the platform
     * can do that (Discord ephemeral, as the answer to that member's own interaction); in a Telegram group a reply to
     * their message, in a private chat a plain message.
     */
    void refuse(ChatRef chat, MessageRef source, String text) {
        say(chat, Message.text(text).privately().replyingTo(groupReply(chat, source)));
    }

    void refuse(ChatEvent.Command c, String text) {
        refuse(c.chat(), c.source(), text);
    }

    /**
     * A private answer to a button press, addressed to the press itself when the platform gives it one (Discord).
     * Where it cannot (a Telegram group: a press is no message to quote, and the answer is seen by everyone), the
     * answer names the member it is for.
     */
    void answerPress(ChatEvent.ButtonPressed b, String text) {
        answerPress(b, text, List.of());
    }

    /** {@link #answerPress(ChatEvent.ButtonPressed, String)} with buttons for the member who pressed. */
    void answerPress(ChatEvent.ButtonPressed b, String text, List<List<Button>> buttons) {
        String addressed = b.source() == null && !b.chat().isPrivate() ? Wording.forMember(b.user().displayName(), text)
                : Wording.capitalize(text);
        say(b.chat(), Message.text(addressed).withButtons(buttons).privately().replyingTo(b.source()));
    }

    /**
     * Runs an engine command. When the engine refuses (a limit, a state that moved on, a clip already made again:
     * its reason is worded for this chat) {@code tell} gets the sentence; when it fails, the chat gets an apology.
     * Either way nothing was paid, and false is returned.
     */
    boolean engineCall(ChatRef chat, Consumer<String> tell, Runnable call) {
        try {
            call.run();
            return true;
        } catch (GenerationRefusedException refused) {
            log.info("Engine refused in {}: {}", chat.key(), refused.reason());
            tell.accept(refused.reason().kind() == EngineReason.Kind.CLIP_REPLACED ? Wording.staleButton()
                    : ReasonWording.say(syntax(chat), refused.reason()));
            return false;
        } catch (RuntimeException e) {
            log.error("Engine call failed in {}", chat.key(), e);
            say(chat, Message.text(Wording.somethingWentWrong()));
            return false;
        }
    }

    /** A private answer about keys; the modal submission (Discord) is what it answers. */
    void privately(ChatEvent.SecretSubmitted s, String text) {
        MessageRef answers = s.submission() != null ? s.submission() : groupReply(s.chat(), s.source());
        say(s.chat(), Message.text(text).privately().replyingTo(answers));
    }

    /**
     * Edits a message the bot sent, at once (an end state, an answer to a press), if the platform still lets it; a
     * message that is gone is no failure. Progress still waiting for that message is dropped ({@link CalmEdits}).
     */
    void editQuietly(MessageRef ref, Message m) {
        if (ref == null) {
            return;
        }
        try {
            edits.now(ref, m);
        } catch (RuntimeException e) {
            log.debug("Could not edit {} in {}: {}", ref.messageId(), ref.chat().key(), e.toString());
        }
    }

    /** Sends a message that progress will edit: its first edit waits one interval ({@link EditPace}). */
    MessageRef sayProgress(ChatRef chat, Message m) {
        MessageRef ref = say(chat, m);
        edits.sent(ref, m);
        return ref;
    }

    /**
     * {@link #say} without waiting for the chat's pace: {@code then} gets the message (null when it could not be sent)
     * once it is there, and the chat's next work waits for that on its lane, holding no thread meanwhile.
     */
    void sayThen(ChatRef chat, Message m, java.util.function.Consumer<MessageRef> then) {
        java.util.concurrent.CompletableFuture<Void> done = port(chat).sendAsync(chat, m).handle((ref, e) -> {
            if (e != null) {
                log.warn("Could not send a message in {}: {}", chat.key(), e.toString());
            }
            then.accept(e == null ? ref : null);
            return null;
        });
        io.storyreel.core.chat.ChatLanes.holdUntil(done);
    }

    /** {@link #sayProgress} as {@link #sayThen} sends: without waiting for the chat's pace. */
    void sayProgressThen(ChatRef chat, Message m, java.util.function.Consumer<MessageRef> then) {
        sayThen(chat, m, sent -> {
            edits.sent(sent, m);
            then.accept(sent);
        });
    }

    /** Shows progress in a message the bot sent, no more often than the chat's {@link EditPace} allows. */
    void editCalmly(MessageRef ref, Message m) {
        edits.calmly(ref, m);
    }

    /** Progress shown only if it is still true an edit interval from now ({@link CalmEdits#ifItLasts}). */
    void editIfItLasts(MessageRef ref, Message m) {
        edits.ifItLasts(ref, m);
    }

    /** Deletes a member's message if the platform lets the bot (not in a Discord DM, not without admin rights). */
    boolean deleteQuietly(MessageRef ref) {
        try {
            port(ref.chat()).delete(ref);
            return true;
        } catch (RuntimeException e) {
            log.warn("Could not delete message {} in {}: {}", ref.messageId(), ref.chat().key(), e.toString());
            return false;
        }
    }

    /** Notes first (each once), then the answer, one per line. */
    static String join(List<String> notes, String text) {
        List<String> all = new ArrayList<>(new LinkedHashSet<>(notes));
        all.add(text);
        return String.join("\n", all);
    }

    // ---------------------------------------------------------------- the chat's storybook and provider

    /** The chat's open storybook, or a new one (announced in groups, where members reply to its message). */
    Storybook openOrCreate(ChatRef chat, UserRef user) {
        Optional<Storybook> open = storybooks.findOpen(chat);
        if (open.isPresent()) {
            return open.get();
        }
        Storybook sb = storybooks.create(chat, null, user.key(), null, StorybookSettings.defaults());
        retireFilmButtons(chat);
        if (!chat.isPrivate()) {
            MessageRef anchor = say(chat, Message.text(Wording.storybookOpened(syntax(chat), null, limits.maxScenes())));
            if (anchor != null) {
                storybooks.setAnchorMessage(sb.id(), anchor.messageId());
            }
        }
        return storybooks.find(sb.id()).orElseThrow();
    }

    /** A film went out with Redo buttons: an earlier film's buttons no longer apply. */
    void filmSent(ChatRef chat, MessageRef film) {
        retireFilmButtons(chat);
        if (film != null) {
            filmButtons.put(chat.key(), film);
        }
    }

    /**
     * The storybook moved on (a new film started, a new storybook begun): the last film's Redo buttons would only
     * answer "that button is old", so they go, and the film stays as it was.
     */
    void retireFilmButtons(ChatRef chat) {
        MessageRef film = filmButtons.remove(chat.key());
        if (film == null) {
            return;
        }
        try {
            port(chat).removeButtons(film);
        } catch (RuntimeException e) {
            log.debug("Could not take the buttons off film message {} in {}: {}", film.messageId(), chat.key(),
                    e.toString());
        }
    }

    /** The clips the storybook's film mode makes of its photos (one per photo, or bridges). */
    List<Shot> shots(Storybook sb) {
        return Shot.plan(sb.settings(), scenes.list(sb.id()));
    }

    /**
     * Any change to scenes or settings makes a shown estimate stale: back to collecting, and its buttons go. Every
     * such change passes here, so here is also where the change is marked for {@link StorybookChanges}' listeners.
     */
    void unconfirm(Storybook sb) {
        changes.changed(sb.chat());
        if (sb.state() == StorybookState.CONFIRMING && storybooks.backToCollecting(sb.id())) {
            retireEstimate(sb, FilmWording.estimateOutdated(syntax(sb.chat())));
        }
    }

    /**
     * The estimate a CONFIRMING storybook shows (its status message until Confirm) gets its last words and loses its
     * buttons; pressing them could do no harm, but they would say something that is no longer true.
     */
    void retireEstimate(Storybook sb, String lastWords) {
        if (sb.statusMsgId() != null) {
            editQuietly(new MessageRef(sb.chat(), sb.statusMsgId()), Message.text(lastWords));
            storybooks.setStatusMessage(sb.id(), null);
        }
    }

    /** A cancelled or failed film's photos go into a fresh storybook, so nothing the chat collected is lost. */
    void keepScenesInNewStorybook(Storybook old) {
        if (storybooks.findOpen(old.chat()).isPresent()) {
            return;
        }
        Storybook fresh = storybooks.create(old.chat(), old.title(), old.ownerKey(), old.provider(), old.settings());
        retireFilmButtons(old.chat());
        scenes.copyAll(old.id(), fresh.id());
    }

    /** The storybook's provider, else the user's preferred one, else the configured default; null if unknown. */
    VideoProvider providerFor(Storybook sb, UserRef user) {
        String id = sb.provider() != null ? sb.provider()
                : users.preferredProvider(user.key()).orElse(defaultProvider);
        VideoProvider p = id == null ? null : providers.get(id);
        return p != null ? p : (sb.provider() == null && !providers.isEmpty() ? providers.values().iterator().next() : null);
    }

    /** The provider with this id, or null. */
    VideoProvider provider(String id) {
        return id == null ? null : providers.get(id);
    }

    /** Every provider, in menu order. */
    List<VideoProvider> providers() {
        return List.copyOf(providers.values());
    }

    List<String> providerIds() {
        return List.copyOf(providers.keySet());
    }

    /** Why this member cannot pay yet: no keys for {@code p}, and how to give them in this chat. */
    String needKeys(ChatRef chat, VideoProvider p) {
        CommandWording cs = syntax(chat);
        String name = p == null ? "provider" : p.capabilities().displayName();
        String setkeys = p == null ? cs.command("setkeys") : cs.setkeys(p.id(), p.credentialFields());
        return KeyWording.needKeys(cs, name, setkeys, !chat.isPrivate());
    }

    /**
     * Why this member cannot pay for a film on several providers yet: the ones of {@code lacking} they have no keys
     * for, each named with how to add its keys in this chat.
     */
    String needKeys(ChatRef chat, List<VideoProvider> lacking) {
        CommandWording cs = syntax(chat);
        return KeyWording.needKeysFor(cs, lacking.stream().map(p -> p.capabilities().displayName()).toList(),
                lacking.stream().map(p -> cs.setkeys(p.id(), p.credentialFields())).toList(), !chat.isPrivate());
    }

    // ---------------------------------------------------------------- arguments

    static Optional<Integer> intArg(List<String> args, int i) {
        return args.size() > i ? number(args.get(i)) : Optional.empty();
    }

    static Optional<Integer> number(String s) {
        try {
            return s == null ? Optional.empty() : Optional.of(Integer.parseInt(s.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
