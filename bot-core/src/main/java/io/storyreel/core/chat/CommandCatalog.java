package io.storyreel.core.chat;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Every command users can give the bot, written down once: its name, its arguments (name, type, whether required,
 * a one-line description and the placeholder help texts show), a one-line description, whether its answer is private
 * and on which platforms it is offered. Each adapter renders this list its own way (Telegram's command menu, Discord's
 * application commands and their options) and reads its users' commands back with it; core's conversation handles
 * the commands by these names. The provider choices and the number of photos a film takes come from the bot's
 * configuration, not from the adapters.
 */
public final class CommandCatalog {
    /** What a command is about. Discord nests the storybook's commands under one {@code /story} command. */
    public enum Topic {
        STORYBOOK, BOT,
        /**
         * For the operators the bot allow-lists ({@code ops.operators}) only: never in a command menu or the help; on
         * Discord registered so that only a server's administrators see it in the command list.
         */
        OPERATOR
    }

    /**
     * What an argument holds. {@link #TEXT} takes the rest of a typed line; {@link #PROVIDER} is one of
     * {@link #providers()}; {@link #SECRET} is keys, which no platform may show to others; {@link #ATTACHMENT} is a
     * photo, given as a file rather than typed; {@link #AUDIO} is a sound file (the film's music), also a file;
     * {@link #TEMPLATE} is a word naming a saved template, which a platform that can suggests as it is typed
     * ({@link Completions}).
     */
    public enum ArgType { INTEGER, WORD, TEXT, ATTACHMENT, PROVIDER, SECRET, AUDIO, TEMPLATE }

    /**
     * Who sees the answer: everyone in the chat ({@link #PUBLIC}), only the member who asked ({@link #PRIVATE}), or
     * everyone unless the command is refused, when the refusal is the asking member's business only
     * ({@link #PRIVATE_IF_REFUSED}). Platforms that show a "thinking" placeholder decide its visibility from this
     * before the answer exists.
     */
    public enum Privacy { PUBLIC, PRIVATE, PRIVATE_IF_REFUSED }

    /**
     * One argument. {@code placeholder} stands for its value in help texts ({@code N} in {@code /remove N}).
     */
    public record Arg(String name, ArgType type, boolean required, String description, String placeholder) {
        public Arg {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(description, "description");
            placeholder = placeholder == null ? name : placeholder;
        }
    }

    /** A value a {@link ArgType#PROVIDER} argument may take, and the name people read for it. */
    public record Choice(String value, String label) {
    }

    /**
     * One command. {@code repeat} above 1 means its arguments come that many times over, numbered from 1 ({@code
     * image1}, {@code prompt1}, …, each description followed by its number), only the first set required: several
     * photos given at once.
     */
    public record Command(String name, Topic topic, String description, List<Arg> args, Privacy privacy,
                          Set<Platform> platforms, int repeat) {
        public Command {
            args = List.copyOf(args);
            platforms = Set.copyOf(platforms);
            repeat = Math.max(1, repeat);
        }

        public boolean offeredOn(Platform platform) {
            return platforms.contains(platform);
        }

        /** True when an argument is keys: a platform that cannot hide typed text offers it only in private chats. */
        public boolean takesSecrets() {
            return args.stream().anyMatch(a -> a.type() == ArgType.SECRET);
        }

        /** True when the command carries photos: it makes scenes rather than being handled as a command. */
        public boolean takesPhotos() {
            return args.stream().anyMatch(a -> a.type() == ArgType.ATTACHMENT);
        }

        /** True when the command may carry a sound file (the film's music) beside its typed arguments. */
        public boolean takesAudio() {
            return args.stream().anyMatch(a -> a.type() == ArgType.AUDIO);
        }

        public Optional<Arg> arg(String name) {
            return args.stream().filter(a -> a.name().equals(name)).findFirst();
        }
    }

    private final List<Command> commands;
    private final List<Choice> providers;
    private final int maxScenes;

    public CommandCatalog(List<Command> commands, List<Choice> providers, int maxScenes) {
        this.commands = List.copyOf(commands);
        this.providers = List.copyOf(providers);
        this.maxScenes = maxScenes;
    }

    /**
     * The bot's commands. {@code maxScenes} is how many photos a film takes (so how many one command may add at
     * once); {@code providers} are the video providers users may choose, in menu order.
     */
    public static CommandCatalog standard(int maxScenes, List<Choice> providers) {
        Set<Platform> all = EnumSet.allOf(Platform.class);
        Set<Platform> noAlbums = EnumSet.of(Platform.DISCORD); // where photos cannot be sent as one album
        Topic s = Topic.STORYBOOK;
        Topic b = Topic.BOT;
        Privacy pub = Privacy.PUBLIC;
        Privacy own = Privacy.PRIVATE;
        Privacy unlessRefused = Privacy.PRIVATE_IF_REFUSED;
        Arg scene = new Arg("scene", ArgType.INTEGER, true, "Scene number", "N");
        return new CommandCatalog(List.of(
                new Command("start", b, "What this bot does and how to begin", List.of(), pub, all, 1),
                new Command("new", s, "Start a new storybook", List.of(
                        new Arg("title", ArgType.TEXT, false, "A title for the film", "title")), unlessRefused, all, 1),
                new Command("add", s, "Add a photo with its prompt", List.of(
                        new Arg("image", ArgType.ATTACHMENT, true, "The photo", "…"),
                        new Arg("prompt", ArgType.TEXT, true, "What should happen in it", "…")), unlessRefused, all, 1),
                new Command("create", s, "Add up to " + maxScenes + " photos with prompts at once", List.of(
                        new Arg("image", ArgType.ATTACHMENT, true, "Photo", "…"),
                        new Arg("prompt", ArgType.TEXT, true, "What happens in photo", "…")), unlessRefused,
                        noAlbums, maxScenes),
                new Command("list", s, "Show the storyboard so far", List.of(), pub, all, 1),
                new Command("remove", s, "Remove a scene", List.of(scene), unlessRefused, all, 1),
                new Command("move", s, "Move a scene to another place", List.of(
                        new Arg("from", ArgType.INTEGER, true, "Scene number", "N"),
                        new Arg("to", ArgType.INTEGER, true, "New position", "M")), unlessRefused, all, 1),
                new Command("prompt", s, "Change a scene's prompt", List.of(scene,
                        new Arg("text", ArgType.TEXT, true, "The new prompt", "text")), unlessRefused, all, 1),
                new Command("scene", s, "Give a scene its own provider and model", List.of(scene,
                        new Arg("provider", ArgType.WORD, false, sceneProviderHelp(providers), "provider"),
                        new Arg("model", ArgType.WORD, false, "Model of that provider", "model")), unlessRefused, all, 1),
                new Command("music", s, "Music under the film: an audio file, or \"off\"", List.of(
                        new Arg("action", ArgType.WORD, false, "\"off\" removes the music", "off"),
                        new Arg("file", ArgType.AUDIO, false, "An audio file (mp3, m4a, ogg, wav…)", "…")),
                        unlessRefused, all, 1),
                new Command("make", s, "See the cost and make the film", List.of(), unlessRefused, all, 1),
                new Command("status", s, "How the film is coming along", List.of(), pub, all, 1),
                new Command("cancel", s, "Stop the film being made", List.of(), unlessRefused, all, 1),
                new Command("redo", s, "Make one clip of the last film again", List.of(
                        new Arg("scene", ArgType.INTEGER, false, "Scene number", "N")), unlessRefused, all, 1),
                new Command("provider", b, "Choose the video provider", List.of(
                        new Arg("provider", ArgType.PROVIDER, false, "Video provider", "provider")), unlessRefused,
                        all, 1),
                new Command("settings", b, "Model, duration, style and more", List.of(
                        new Arg("option", ArgType.WORD, false, "Setting name", "KEY"),
                        new Arg("value", ArgType.TEXT, false, "New value", "VALUE")), unlessRefused, all, 1),
                new Command("style", b, "Apply a style preset, or list them", List.of(
                        new Arg("name", ArgType.WORD, false, "Style name", "NAME")), unlessRefused, all, 1),
                new Command("template", b, "Save settings as a template, or use one", List.of(
                        new Arg("action", ArgType.WORD, true, "save, use, list or delete", "save|use|list|delete"),
                        new Arg("name", ArgType.TEMPLATE, false, "Template name", "NAME"),
                        new Arg("with", ArgType.WORD, false, "\"prompts\" to save the prompts too", "prompts")),
                        unlessRefused, all, 1),
                new Command("setkeys", b, "Add your provider keys privately", List.of(
                        new Arg("provider", ArgType.PROVIDER, true, "Video provider", "provider"),
                        new Arg("keys", ArgType.SECRET, true, "Your keys", "KEYS")), own, all, 1),
                new Command("keys", b, "Which provider keys you have added", List.of(), own, all, 1),
                new Command("forgetkeys", b, "Remove your stored provider keys", List.of(
                        new Arg("provider", ArgType.PROVIDER, false, "Video provider", "provider")), own, all, 1),
                new Command("history", b, "Your past films", List.of(), pub, all, 1),
                new Command("web", b, "Open the storyboard page", List.of(), own, all, 1),
                new Command("help", b, "Everything the bot can do", List.of(), pub, all, 1),
                new Command("ops", Topic.OPERATOR, "Operator's summary of the bot", List.of(), own, all, 1)),
                providers, maxScenes);
    }

    /** The scene's provider option, naming the choices where Discord's 100 characters allow. */
    private static String sceneProviderHelp(List<Choice> providers) {
        String named = "Provider for this scene (" + String.join(", ", providers.stream().map(Choice::value).toList())
                + ") or default";
        return named.length() <= 100 ? named : "Provider for this scene, or default for the storybook's";
    }

    /** Every command, in menu order. */
    public List<Command> commands() {
        return commands;
    }

    /** The commands a platform offers, in menu order. */
    public List<Command> on(Platform platform) {
        return commands.stream().filter(c -> c.offeredOn(platform)).toList();
    }

    public Optional<Command> find(String name) {
        return commands.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The values a {@link ArgType#PROVIDER} argument takes. */
    public List<Choice> providers() {
        return providers;
    }

    /** How many photos a film takes. */
    public int maxScenes() {
        return maxScenes;
    }
}
