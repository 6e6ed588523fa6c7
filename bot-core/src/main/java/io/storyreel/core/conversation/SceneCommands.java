package io.storyreel.core.conversation;

import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.Message;
import io.storyreel.core.chat.MessageRef;
import io.storyreel.core.chat.UserRef;
import io.storyreel.core.image.ImageInspector;
import io.storyreel.core.image.OrientationNormaliser;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.storage.BlobStore;
import io.storyreel.core.storybook.Scene;
import io.storyreel.core.storybook.SceneRepository;
import io.storyreel.core.storybook.Storybook;
import io.storyreel.core.storybook.StorybookRepository;
import io.storyreel.core.storybook.StorybookSettings;
import io.storyreel.core.storybook.StorybookState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static io.storyreel.core.conversation.ChatContext.groupReply;
import static io.storyreel.core.conversation.ChatContext.intArg;

/**
 * Collecting the storybook: photos become numbered scenes (checked, turned upright, stored), captions, replies and
 * typed prompts say what happens in each, and scenes are listed as a storyboard, removed, moved, or put aside for
 * a fresh storybook. Scenes are frozen while a film is being made from them.
 */
final class SceneCommands {
    private final ChatContext ctx;
    private final StorybookRepository storybooks;
    private final SceneRepository scenes;
    private final BlobStore blobs;
    private final ImageInspector inspector;
    private final OrientationNormaliser normaliser;
    private final StoryboardRenderer storyboard;
    private final KeyLookalike keyLookalike;
    private final SceneProviderCommand sceneProvider;
    /** Per private chat, the scenes the bot has just asked a prompt for, until the chat moves on ({@link #movedOn}). */
    private final java.util.Map<String, List<String>> questions = new java.util.concurrent.ConcurrentHashMap<>();

    SceneCommands(ChatContext ctx, StorybookRepository storybooks, SceneRepository scenes, BlobStore blobs,
                  ImageInspector inspector, OrientationNormaliser normaliser, StoryboardRenderer storyboard) {
        this.ctx = ctx;
        this.storybooks = storybooks;
        this.scenes = scenes;
        this.blobs = blobs;
        this.inspector = inspector;
        this.normaliser = normaliser;
        this.storyboard = storyboard;
        this.keyLookalike = new KeyLookalike(ctx);
        this.sceneProvider = new SceneProviderCommand(ctx, scenes, this::editable);
    }

    void addPhotos(ChatRef chat, UserRef user, List<ChatEvent.PhotoAdded> incoming) {
        List<ChatEvent.PhotoAdded> photos = incoming.stream()
                .filter(p -> chat.isPrivate() || p.addressed())
                .sorted(Comparator.comparingLong(ChatEvent.PhotoAdded::order))
                .map(this::withoutKeysAsCaption)
                .toList();
        if (photos.isEmpty()) {
            return; // group chatter not meant for the bot
        }
        MessageRef replyTo = photos.get(0).source();
        Storybook sb = ctx.openOrCreate(chat, user);
        if (sb.state().running()) {
            ctx.refuse(chat, replyTo, Wording.busy(ctx.syntax(chat)));
            return;
        }
        ctx.unconfirm(sb);
        VideoProvider provider = ctx.providerFor(sb, user);
        List<String> problems = new ArrayList<>();
        List<SceneRepository.NewScene> accepted = new ArrayList<>();
        List<String> tooLong = new ArrayList<>();
        int room = ctx.limits().maxScenes() - scenes.count(sb.id());
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
            // camera files keep their pixels sideways plus an EXIF tag; everything after this sees them upright
            // (and a GIF as its first frame); with no memory free to re-encode one now, the user is asked to resend
            OrientationNormaliser.Upright upright;
            try {
                upright = normaliser.normalise(p.bytes(), img);
            } catch (ImageInspector.Rejected r) {
                problems.add(Wording.photoRejected(i + 1, photos.size(), r.getMessage()));
                continue;
            }
            String prompt = p.caption() == null || p.caption().isBlank() ? null : p.caption().strip();
            if (prompt != null && provider != null && prompt.length() > provider.capabilities().maxPromptChars()) {
                tooLong.add(prompt);
                prompt = null;
            } else {
                tooLong.add(null);
            }
            String blob = blobs.put(upright.bytes());
            accepted.add(new SceneRepository.NewScene(blob, upright.mime(), upright.width(), upright.height(), prompt,
                    user.key(), user.displayName(), p.source() == null ? null : p.source().messageId(), p.albumId()));
        }
        if (refusedForRoom > 0) {
            problems.add(Wording.storybookFull(ctx.syntax(chat), ctx.limits().maxScenes(), refusedForRoom));
        }
        List<Scene> added = accepted.isEmpty() ? List.of()
                : scenes.append(sb.id(), accepted, ctx.limits().maxScenes()).orElse(List.of());
        if (!accepted.isEmpty() && added.isEmpty()) {
            problems.add(Wording.storybookFull(ctx.syntax(chat), ctx.limits().maxScenes(), accepted.size()));
        }
        StringBuilder answer = new StringBuilder();
        if (!added.isEmpty()) {
            answer.append(Wording.added(ctx.syntax(chat), added, scenes.count(sb.id()), ctx.limits().maxScenes()));
        }
        if (provider != null) {
            // checked now against the chosen provider's rules, not first at /make
            for (Scene s : added) {
                PhotoFit.of(s, provider.capabilities().image()).note(s.position(), provider.capabilities().displayName(),
                        provider.capabilities().image(), ctx.syntax(chat)).ifPresent(problems::add);
            }
        }
        for (String p : problems) {
            answer.append(answer.isEmpty() ? "" : "\n").append(p);
        }
        if (added.isEmpty()) {
            ctx.refuse(chat, replyTo, answer.toString()); // nothing changed: only the sender needs to know why
        } else {
            ctx.reply(chat, replyTo, answer.toString());
        }
        for (int i = 0; i < added.size(); i++) {
            Scene s = added.get(i);
            if (s.hasPrompt()) {
                continue;
            }
            String longOne = tooLong.get(i);
            String question = longOne == null ? Wording.askPrompt(ctx.syntax(chat), s.position())
                    : Wording.promptTooLong(ctx.syntax(chat), s.position(), longOne.length(), provider.capabilities().displayName(),
                    provider.capabilities().maxPromptChars());
            MessageRef source = s.sourceMsgId() == null ? null : new MessageRef(chat, s.sourceMsgId());
            Message ask = Message.text(question).replyingTo(source);
            // a prompt over the provider's limit is the sender's bad input: only they need to see the refusal
            MessageRef asked = ctx.say(chat, longOne == null ? ask : ask.privately());
            if (asked != null) {
                // a reply to the question (or, before it arrived, to the photo) sets this scene's prompt
                scenes.setSourceMessage(s.id(), asked.messageId());
            }
            if (chat.isPrivate()) {
                questions.computeIfAbsent(chat.key(), k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(s.id());
            }
        }
    }

    /**
     * A caption that looks like keys is no prompt: the photo is kept without it; its message is deleted, so nothing
     * the bot sends afterwards may quote it.
     */
    private ChatEvent.PhotoAdded withoutKeysAsCaption(ChatEvent.PhotoAdded p) {
        KeyLookalike.Verdict v = keyLookalike.check(p.chat(), p.source(), p.caption(), true);
        if (v == KeyLookalike.Verdict.ORDINARY) {
            return p;
        }
        return new ChatEvent.PhotoAdded(p.chat(), p.user(), p.bytes(), p.fileName(), null, p.albumId(), p.order(),
                v == KeyLookalike.Verdict.KEYS_GONE ? null : p.source(), p.replyTo(), p.addressed());
    }

    /**
     * Anything but a plain line (a command, a photo, a button) moves the private chat on: a question the bot asked
     * before it is no longer one the next line answers (a reply to it still does).
     */
    void movedOn(ChatEvent event) {
        if (!(event instanceof ChatEvent.TextMessage)) {
            questions.remove(event.chat().key());
        }
    }

    void onText(ChatEvent.TextMessage t) {
        // keys pasted without setkeys are deleted and never become a prompt
        if (keyLookalike.caught(t.chat(), t.source(), t.text(), t.chat().isPrivate() || t.replyTo() != null)) {
            return;
        }
        Optional<Storybook> open = storybooks.findOpen(t.chat());
        String text = t.text() == null ? "" : t.text().strip();
        if (open.isPresent() && !text.isEmpty()) {
            Storybook sb = open.get();
            Optional<Scene> target = Optional.empty();
            if (t.replyTo() != null) {
                target = scenes.findBySourceMessage(sb.id(), t.replyTo().messageId());
            } else if (t.chat().isPrivate()) {
                // a plain line answers the bot's question only right after it was asked, never a line said later
                List<String> askedFor = questions.getOrDefault(t.chat().key(), List.of());
                target = scenes.list(sb.id()).stream().filter(s -> !s.hasPrompt() && askedFor.contains(s.id())).findFirst();
            }
            if (target.isPresent()) {
                if (sb.state().running()) {
                    ctx.refuse(t.chat(), t.source(), Wording.frozen(ctx.syntax(t.chat())));
                    return;
                }
                setPrompt(t.chat(), t.source(), sb, target.get(), t.user(), text);
                return;
            }
        }
        if (t.chat().isPrivate()) {
            ctx.refuse(t.chat(), t.source(), Wording.textHint(ctx.syntax(t.chat())));
        }
    }

    private void setPrompt(ChatRef chat, MessageRef source, Storybook sb, Scene scene, UserRef user, String prompt) {
        VideoProvider provider = ctx.providerFor(sb, user);
        if (provider != null && prompt.length() > provider.capabilities().maxPromptChars()) {
            ctx.refuse(chat, source, Wording.promptTooLongForCommand(prompt.length(), provider.capabilities().displayName(),
                    provider.capabilities().maxPromptChars()));
            return;
        }
        ctx.unconfirm(sb);
        scenes.setPrompt(scene.id(), prompt);
        ctx.reply(chat, source, Wording.promptSet(scene.position(), prompt));
    }

    void newStorybook(ChatEvent.Command c) {
        if (keyLookalike.caught(c.chat(), c.source(), c.rawArgs(), true)) {
            return; // a title is shown to everyone and on every storyboard
        }
        Optional<Storybook> open = storybooks.findOpen(c.chat());
        int setAside = 0;
        if (open.isPresent()) {
            Storybook sb = open.get();
            if (sb.state().running()) {
                ctx.refuse(c, Wording.busy(ctx.syntax(c.chat())));
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
        Storybook created = storybooks.create(c.chat(), title, c.user().key(), open.map(Storybook::provider).orElse(null),
                open.map(Storybook::settings).orElse(StorybookSettings.defaults()));
        ctx.retireFilmButtons(c.chat());
        announceNew(c, created.id(), title, setAside);
    }

    private void announceNew(ChatEvent.Command c, String storybookId, String title, int setAside) {
        if (c.chat().isPrivate()) {
            ctx.reply(c, Wording.newStorybook(ctx.syntax(c.chat()), title, setAside));
        } else {
            MessageRef anchor = ctx.reply(c.chat(), c.source(), Wording.storybookOpened(ctx.syntax(c.chat()), title, ctx.limits().maxScenes())
                    + Wording.setAside(setAside));
            if (anchor != null) {
                storybooks.setAnchorMessage(storybookId, anchor.messageId());
            }
        }
    }

    void showStoryboard(ChatEvent.Command c) {
        Optional<Storybook> open = storybooks.findOpen(c.chat());
        List<Scene> all = open.map(sb -> scenes.list(sb.id())).orElse(List.of());
        if (all.isEmpty()) {
            ctx.reply(c, Wording.empty(ctx.syntax(c.chat())));
            return;
        }
        Storybook sb = open.get();
        VideoProvider provider = ctx.providerFor(sb, c.user());
        String bookProvider = provider == null ? sb.provider() : provider.id();
        String text = Wording.listText(ctx.syntax(c.chat()), sb.title(), all, ctx.limits().maxScenes(),
                provider == null ? null : provider.capabilities().displayName(), sb.settings(), s -> {
                    VideoProvider own = s.overridden() ? ctx.provider(s.provider()) : null;
                    return own == null ? "" : SceneWording.listed(own.capabilities().displayName(),
                            SceneProviderCommand.planOf(sb, s, bookProvider, own));
                });
        byte[] picture = storyboard.render(sb.title(), all.stream()
                .map(s -> new StoryboardRenderer.Tile(s.position(), readBlob(s.imageBlob()), s.prompt(), s.contributor()))
                .toList());
        ctx.say(c.chat(), Message.text(text).withImage(picture).replyingTo(groupReply(c.chat(), c.source())));
    }

    private byte[] readBlob(String id) {
        return blobs.exists(id) ? blobs.read(id) : null;
    }

    void removeScene(ChatEvent.Command c) {
        Optional<Integer> n = intArg(c.args(), 0);
        if (n.isEmpty()) {
            ctx.refuse(c, Wording.notANumber(ctx.syntax(c.chat()).remove("N")));
            return;
        }
        editable(c).ifPresent(sb -> {
            int count = scenes.count(sb.id());
            if (!scenes.remove(sb.id(), n.get())) {
                ctx.refuse(c, Wording.noSuchScene(n.get(), count));
                return;
            }
            ctx.unconfirm(sb);
            ctx.reply(c, Wording.removed(ctx.syntax(c.chat()), n.get(), count - 1));
        });
    }

    void moveScene(ChatEvent.Command c) {
        Optional<Integer> from = intArg(c.args(), 0);
        Optional<Integer> to = intArg(c.args(), 1);
        if (from.isEmpty() || to.isEmpty()) {
            ctx.refuse(c, Wording.notANumber(ctx.syntax(c.chat()).move("N", "M")));
            return;
        }
        editable(c).ifPresent(sb -> {
            int count = scenes.count(sb.id());
            if (!scenes.move(sb.id(), from.get(), to.get())) {
                int bad = from.get() < 1 || from.get() > count ? from.get() : to.get();
                ctx.refuse(c, Wording.noSuchScene(bad, count));
                return;
            }
            ctx.unconfirm(sb);
            ctx.reply(c, Wording.moved(ctx.syntax(c.chat()), from.get(), to.get()));
        });
    }

    void promptScene(ChatEvent.Command c) {
        Optional<Integer> n = intArg(c.args(), 0);
        String rest = c.rawArgs().strip().replaceFirst("^\\S+\\s*", "");
        if (keyLookalike.caught(c.chat(), c.source(), rest, true)) {
            return;
        }
        if (n.isEmpty() || rest.isBlank()) {
            ctx.refuse(c, Wording.notANumber(ctx.syntax(c.chat()).prompt("N", "text")));
            return;
        }
        editable(c).ifPresent(sb -> {
            Optional<Scene> scene = scenes.at(sb.id(), n.get());
            if (scene.isEmpty()) {
                ctx.refuse(c, Wording.noSuchScene(n.get(), scenes.count(sb.id())));
                return;
            }
            setPrompt(c.chat(), c.source(), sb, scene.get(), c.user(), rest);
        });
    }

    /** {@code scene N provider P [model M]}: see {@link SceneProviderCommand}. */
    void sceneProvider(ChatEvent.Command c) {
        sceneProvider.handle(c);
    }

    /** The open storybook when its scenes may change; otherwise answers why not. */
    private Optional<Storybook> editable(ChatEvent.Command c) {
        Optional<Storybook> open = storybooks.findOpen(c.chat());
        if (open.isEmpty()) {
            ctx.refuse(c, Wording.empty(ctx.syntax(c.chat())));
            return Optional.empty();
        }
        if (open.get().state().running()) {
            ctx.refuse(c, Wording.frozen(ctx.syntax(c.chat())));
            return Optional.empty();
        }
        return open;
    }
}
