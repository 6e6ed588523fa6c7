package io.storyreel.core.storyboard;

import io.storyreel.core.chat.Button;
import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.MessageRef;
import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.core.conversation.Conversation;
import io.storyreel.core.conversation.SettingsSheet;
import io.storyreel.core.generation.GenerationListener;
import io.storyreel.core.storage.BlobStore;
import io.storyreel.core.storage.Database;
import io.storyreel.core.storage.Jdbc;
import io.storyreel.core.storybook.Film;
import io.storyreel.core.storybook.FilmRepository;
import io.storyreel.core.storybook.Scene;
import io.storyreel.core.storybook.SceneRepository;
import io.storyreel.core.storybook.Storybook;
import io.storyreel.core.storybook.StorybookRepository;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The page's way into core. Reading: the {@link Board} of the viewer's chat, a scene's photo, the chat's film. Every
 * change is a chat event handed to the one {@link Conversation}, exactly as a command or a button in the chat would
 * be, and answered with what the conversation said to it: the page holds no rule of its own. A button the
 * conversation offered the page (Confirm under an estimate, say) can be pressed from the page, and only such a one.
 */
public final class Storyboard {
    private static final long ANSWER_SECONDS = 120;
    /** How many earlier films the page lists. */
    private static final int HISTORY = 10;

    private final Conversation conversation;
    private final StorybookRepository storybooks;
    private final SceneRepository scenes;
    private final FilmRepository films;
    private final BlobStore blobs;
    private final Jdbc sql;
    private final StoryreelConfig.Limits limits;
    private final ProgressTap progress;
    /** Per viewer (user in chat): the buttons the conversation offered them on the page, by data, with their message. */
    private final Map<String, Map<String, MessageRef>> offered = new ConcurrentHashMap<>();

    /** @param progress what the engine last reported of each film being made (queue places, time left) */
    public Storyboard(Conversation conversation, Database db, BlobStore blobs, StorybookRepository storybooks,
                      SceneRepository scenes, FilmRepository films, StoryreelConfig.Limits limits, ProgressTap progress) {
        this.progress = progress;
        this.conversation = conversation;
        this.storybooks = storybooks;
        this.scenes = scenes;
        this.films = films;
        this.blobs = blobs;
        this.sql = new Jdbc(db.dataSource());
        this.limits = limits;
    }

    /** What the conversation answered the page: its sentences, and the buttons it offered. */
    public record Answer(List<String> lines, List<Button> buttons) {
        public Answer {
            lines = List.copyOf(lines);
            buttons = List.copyOf(buttons);
        }
    }

    /** A photo chosen on the page; {@code caption} may be blank. */
    public record Upload(String fileName, byte[] bytes, String caption) {
    }

    /** A sound file chosen on the page as the storybook's music; {@code mimeType} as the browser named it. */
    public record Music(String fileName, byte[] bytes, String mimeType) {
    }

    /**
     * {@code listener} hears each chat whose storybook changed (scenes, settings, music), in the chat or on a page,
     * once the change is stored; the returned action stops that.
     */
    public Runnable onChange(java.util.function.Consumer<io.storyreel.core.chat.ChatRef> listener) {
        return conversation.storybookChanges().listen(listener);
    }

    // ---------------------------------------------------------------- reading

    /** The chat's open storybook, else its newest, with the clips of its film and the chat's newest film. */
    public Board board(Viewer v) {
        Optional<Storybook> shown = storybooks.findOpen(v.chat()).or(() -> storybooks.findLatest(v.chat()));
        List<Board.Card> cards = new ArrayList<>();
        List<Board.ClipLine> clips = new ArrayList<>();
        Optional<GenerationListener.Progress> reported = shown.flatMap(sb -> progress.latest(sb.id()));
        Map<Integer, Integer> queue = new java.util.HashMap<>();
        reported.ifPresent(p -> p.clips().forEach(k -> queue.put(k.position(), Math.max(0, k.queuePosition()))));
        if (shown.isPresent()) {
            // each scene's clip of the film, once downloaded and while kept (a redo's new attempt replaces it)
            Map<String, String> made = new java.util.HashMap<>();
            sql.query("SELECT scene_id, id, blob FROM clip WHERE storybook_id = ? AND replaced_by IS NULL "
                            + "AND state = 'DOWNLOADED' AND blob IS NOT NULL ORDER BY position",
                    rs -> new String[]{rs.getString("scene_id"), rs.getString("id"), rs.getString("blob")}, shown.get().id())
                    .stream().filter(c -> blobs.exists(c[2])).forEach(c -> made.putIfAbsent(c[0], c[1]));
            for (Scene s : scenes.list(shown.get().id())) {
                cards.add(new Board.Card(s.position(), s.id(), s.prompt(), s.contributor(), made.get(s.id()),
                        s.provider(), s.model()));
            }
            clips.addAll(sql.query("SELECT position, state, progress FROM clip WHERE storybook_id = ? "
                    + "AND replaced_by IS NULL ORDER BY position", rs -> new Board.ClipLine(rs.getInt("position"),
                    rs.getString("state"), rs.getInt("progress"), List.of("PENDING", "QUEUED").contains(rs.getString("state"))
                    ? queue.getOrDefault(rs.getInt("position"), 0) : 0), shown.get().id()));
        }
        // the chat's films still kept, newest first: the newest plays, the earlier ones are the page's history
        List<Board.FilmLine> kept = films.listForChat(v.chat(), HISTORY + 1).stream().filter(f -> blobs.exists(f.blob()))
                .map(f -> new Board.FilmLine(f.id(), f.durationMs() / 1000.0, f.bytes(), f.provider(), f.clips(),
                        f.createdAt())).toList();
        Board.FilmLine film = kept.isEmpty() ? null : kept.get(0);
        List<Board.FilmLine> earlier = kept.size() > 1 ? kept.subList(1, kept.size()) : List.of();
        Long left = reported.filter(p -> shown.get().state().running()).map(p -> p.estimatedTimeLeft())
                .map(java.time.Duration::toSeconds).orElse(null);
        // a finished storybook is history: only the open one, while no film is made from it, takes changes
        List<io.storyreel.core.conversation.SettingsSheet.Option> choices = conversation.settingsSheet().sceneChoices();
        return shown.map(sb -> new Board(sb.id(), sb.title(), sb.state().name(), sb.state().open() && !sb.state().running(),
                        limits.maxScenes(), cards, clips, film, sb.provider(), left, earlier, choices))
                .orElseGet(() -> new Board(null, null, "EMPTY", true, limits.maxScenes(), cards, clips, film, null, null,
                        earlier, choices));
    }

    /**
     * The viewer in {@code group} instead of their own chat, if they are a member of it now (asked of the platform each
     * time, as a Mini App opened from the group is): empty for anyone else.
     */
    public Optional<Viewer> inGroup(Viewer v, io.storyreel.core.chat.ChatRef group) {
        return conversation.isMember(group, v.user()) ? Optional.of(new Viewer(v.user(), group)) : Optional.empty();
    }

    /** A scene's photo, if the scene belongs to one of the viewer's chat's storybooks. */
    public Optional<Photo> photo(Viewer v, String sceneId) {
        return sql.one("SELECT s.image_blob, s.image_mime FROM scene s JOIN storybook b ON b.id = s.storybook_id "
                        + "WHERE s.id = ? AND b.chat_key = ?", rs -> new Photo(blobs.path(rs.getString(1)), rs.getString(2)),
                sceneId, v.chat().key()).filter(p -> Files.isRegularFile(p.file()));
    }

    public record Photo(Path file, String mime) {
    }

    /** A clip's MP4, if it was made for one of the viewer's chat's storybooks and is still kept. */
    public Optional<Path> clip(Viewer v, String clipId) {
        return sql.one("SELECT c.blob FROM clip c JOIN storybook b ON b.id = c.storybook_id WHERE c.id = ? "
                        + "AND b.chat_key = ? AND c.blob IS NOT NULL", rs -> rs.getString(1), clipId, v.chat().key())
                .filter(blobs::exists).map(blobs::path);
    }

    /** The film's MP4, if it was made in the viewer's chat and is still kept. */
    public Optional<Path> film(Viewer v, String filmId) {
        return films.find(filmId)
                .filter(f -> storybooks.find(f.storybookId()).filter(sb -> sb.chat().key().equals(v.chat().key())).isPresent())
                .map(Film::blob).filter(blobs::exists).map(blobs::path);
    }

    // ---------------------------------------------------------------- changing (through the conversation)

    /** The chat's sentence for a photo over the limit, with its real size (the page refuses it without reading it). */
    public static String photoTooLarge(long bytes, long maxBytes) {
        return io.storyreel.core.image.ImageInspector.tooManyBytes(bytes, maxBytes);
    }

    /** The chat's sentence for a music file over the limit, with its real size (as {@link #photoTooLarge}). */
    public static String musicTooLarge(String fileName, long bytes, long maxBytes) {
        return io.storyreel.core.conversation.Conversation.musicTooLarge(fileName, bytes, maxBytes);
    }

    public Answer addPhotos(Viewer v, List<Upload> uploads) {
        PageEcho echo = new PageEcho();
        MessageRef source = new MessageRef(v.chat(), echo.sourceId());
        List<ChatEvent.PhotoAdded> photos = new ArrayList<>();
        for (int i = 0; i < uploads.size(); i++) {
            Upload u = uploads.get(i);
            photos.add(new ChatEvent.PhotoAdded(v.chat(), v.user(), u.bytes(), u.fileName(),
                    u.caption() == null || u.caption().isBlank() ? null : u.caption().strip(), null, i, source, null, true));
        }
        return run(v, echo, new ChatEvent.Album(v.chat(), v.user(), photos));
    }

    public Answer move(Viewer v, int from, int to) {
        return command(v, "move", from + " " + to);
    }

    public Answer prompt(Viewer v, int scene, String text) {
        return command(v, "prompt", scene + " " + (text == null ? "" : text.strip()));
    }

    public Answer remove(Viewer v, int scene) {
        return command(v, "remove", Integer.toString(scene));
    }

    /** {@code make}: the estimate, with the Confirm button whoever presses pays for. */
    public Answer make(Viewer v) {
        return command(v, "make", "");
    }

    /** The chat's settings as a form, with the price of a clip and of the film as {@code make} would price it. */
    public SettingsSheet.Sheet settings(Viewer v) {
        return conversation.settingsSheet().read(v.chat(), v.user());
    }

    /**
     * One setting from the page's form, as {@code settings KEY VALUE} (or {@code provider ID}) in the chat: the same
     * checks, the same sentences. An emptied text field clears the setting, as "off" does in the chat.
     */
    public Answer setting(Viewer v, String key, String value) {
        // a key is one word, or two for the music's own ("music volume"), as typed after settings
        String[] words = (key == null ? "" : key.strip().toLowerCase(java.util.Locale.ROOT)).split("\\s+");
        String k = words.length > 1 && "music".equals(words[0]) ? "music " + words[1] : words[0];
        boolean blank = value == null || value.isBlank();
        String val = blank ? "off" : value.strip();
        String who = v.user().displayName();
        // a style preset and a template are picked from the form and applied as the chat applies them
        if ("preset".equals(k) || "template".equals(k)) {
            String name = blank ? "" : val.split("\\s+")[0];
            return blank ? new Answer(List.of(), List.of()) : "preset".equals(k)
                    ? command(v, () -> PageNotes.applied(who, "the style preset", name), "style", name)
                    : command(v, () -> PageNotes.applied(who, "the template", name), "template", "use " + name);
        }
        if ("provider".equals(k)) {
            return command(v, () -> {
                SettingsSheet.Sheet now = settings(v);
                return PageNotes.provider(who, now.providers().stream().filter(o -> o.value().equals(now.provider()))
                        .map(SettingsSheet.Option::label).findFirst().orElse(val));
            }, "provider", val);
        }
        if ("music".equals(k) && List.of("off", "none", "remove", "clear").contains(val.toLowerCase(java.util.Locale.ROOT))) {
            return command(v, () -> PageNotes.musicRemoved(who), "settings", "music off");
        }
        return command(v, () -> {
            SettingsSheet.Sheet now = settings(v);
            return java.util.stream.Stream.concat(now.fields().stream(), now.music().fields().stream())
                    .filter(f -> f.key().equals(k)).findFirst().map(f -> PageNotes.setting(who, f))
                    .orElseGet(() -> PageNotes.typed(who, k, val));
        }, "settings", k + " " + val);
    }

    /**
     * A sound file from the page as the storybook's music, as if sent to the bot in the chat: the same checks (size,
     * that it decodes as sound, length) and the same sentences.
     */
    public Answer music(Viewer v, Music music) {
        PageEcho echo = PageEcho.noting(() -> PageNotes.musicSet(v.user().displayName(), music.fileName()));
        MessageRef source = new MessageRef(v.chat(), echo.sourceId());
        return run(v, echo, new ChatEvent.AudioAdded(v.chat(), v.user(), music.bytes(), music.fileName(),
                music.mimeType(), source, null, true));
    }

    /**
     * A scene's own provider and model from the page ({@code choice} "P M", or empty for the storybook's), as
     * {@code scene N provider P model M} in the chat: the same checks and sentences.
     */
    public Answer sceneChoice(Viewer v, int scene, String choice) {
        String[] pm = choice == null || choice.isBlank() ? new String[0] : choice.strip().split("\\s+");
        java.util.function.Supplier<String> note = () -> PageNotes.sceneChoice(v.user().displayName(), scene,
                pm.length == 0 ? null : conversation.settingsSheet().sceneChoices().stream()
                        .filter(o -> o.value().equalsIgnoreCase(String.join(" ", pm))).map(SettingsSheet.Option::label)
                        .findFirst().orElse(String.join(" ", pm)));
        return pm.length == 0 ? command(v, note, "scene", scene + " provider default")
                : command(v, note, "scene", scene + " provider " + pm[0] + (pm.length > 1 ? " model " + pm[1] : ""));
    }

    /** The chat commands the page offers as they are, each answered as the chat answers it. */
    public enum Ask {
        PROVIDER("provider"), SETTINGS("settings"), STATUS("status"), HISTORY("history"), CANCEL("cancel"),
        REDO("redo"), KEYS("keys");

        final String command;

        Ask(String command) {
            this.command = command;
        }
    }

    /** One of the offered chat commands; {@code scene} is {@code redo}'s clip (null: the conversation asks). */
    public Answer ask(Viewer v, Ask what, Integer scene) {
        return command(v, what.command, what == Ask.REDO && scene != null ? scene.toString() : "");
    }

    /**
     * Provider keys typed into the page's form: handed over as the chat's key form hands them (no chat message holds
     * them, so none is deleted), checked and stored encrypted by the conversation, answered on the page only.
     */
    public Answer keys(Viewer v, String provider, String secret) {
        PageEcho echo = new PageEcho();
        MessageRef page = new MessageRef(v.chat(), echo.sourceId());
        return run(v, echo, new ChatEvent.SecretSubmitted(v.chat(), v.user(), provider, secret, null, page));
    }

    /** Presses a button the conversation offered this viewer on the page; any other is refused (empty). */
    public Optional<Answer> press(Viewer v, String data) {
        MessageRef on = offered.getOrDefault(key(v), Map.of()).get(data);
        if (on == null) {
            return Optional.empty();
        }
        PageEcho echo = new PageEcho();
        MessageRef source = new MessageRef(v.chat(), echo.sourceId());
        MessageRef message = PageEcho.isPageRef(on) ? null : on;
        return Optional.of(run(v, echo, new ChatEvent.ButtonPressed(v.chat(), v.user(), data, message, source)));
    }

    private Answer command(Viewer v, String name, String rawArgs) {
        return command(v, null, name, rawArgs);
    }

    /** {@code note} null: the chat sees the conversation's answer; else only the line it makes ({@link PageEcho#noting}). */
    private Answer command(Viewer v, java.util.function.Supplier<String> note, String name, String rawArgs) {
        PageEcho echo = note == null ? new PageEcho() : PageEcho.noting(note);
        MessageRef source = new MessageRef(v.chat(), echo.sourceId());
        List<String> args = rawArgs.isBlank() ? List.of() : Arrays.asList(rawArgs.strip().split("\\s+"));
        return run(v, echo, new ChatEvent.Command(v.chat(), v.user(), name, args, rawArgs, source, null));
    }

    private Answer run(Viewer v, PageEcho echo, ChatEvent event) {
        try {
            conversation.submit(event, echo::around).get(ANSWER_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the conversation answered the page", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the conversation did not answer the page in time", e);
        }
        List<String> lines = new ArrayList<>();
        List<Button> buttons = new ArrayList<>();
        Map<String, MessageRef> mine = new LinkedHashMap<>();
        for (PageEcho.Said s : echo.said()) {
            if (s.message().text() != null && !s.message().text().isBlank()) {
                lines.add(s.message().text());
            }
            for (List<Button> row : s.message().buttons()) {
                for (Button b : row) {
                    buttons.add(b);
                    mine.put(b.data(), s.sent() != null ? s.sent() : new MessageRef(v.chat(), echo.sourceId()));
                }
            }
        }
        offered.put(key(v), mine); // the page offers only the newest answer's buttons
        return new Answer(lines, buttons);
    }

    private static String key(Viewer v) {
        return v.user().key() + "@" + v.chat().key();
    }
}
