package io.storyreel.core.conversation;

import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.UserRef;
import io.storyreel.core.provider.Capabilities;
import io.storyreel.core.provider.CostEstimate;
import io.storyreel.core.provider.ModelSpec;
import io.storyreel.core.provider.ParameterSpec;
import io.storyreel.core.provider.ParameterValues;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.storybook.Aspect;
import io.storyreel.core.storybook.ClipPlan;
import io.storyreel.core.storybook.Storybook;
import io.storyreel.core.storybook.StorybookRepository;
import io.storyreel.core.storybook.StorybookSettings;
import io.storyreel.core.storybook.StorybookState;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A chat's settings as a form, for the storyboard page: every setting the settings card offers, each with the values
 * it takes now (from the provider's catalogue: its models, the chosen model's modes, durations and resolutions, and
 * whatever parameters that model declares), and the prices they imply (a clip, and the film as {@code make} would
 * price it). Read only: a change goes through the conversation as {@code settings KEY VALUE}, so what is allowed and
 * what is said about it are the chat's.
 */
public final class SettingsSheet {
    private static final Set<String> BUILT_IN = Set.of("model", "mode", "duration", "resolution");

    private final ChatContext ctx;
    private final StorybookRepository storybooks;
    private final FilmOrders films;
    private final io.storyreel.core.template.StylePresets presets;
    private final TemplateCommands templates;

    /** {@code templates} null: this bot keeps no templates. */
    SettingsSheet(ChatContext ctx, StorybookRepository storybooks, FilmOrders films,
                  io.storyreel.core.template.StylePresets presets, TemplateCommands templates) {
        this.ctx = ctx;
        this.storybooks = storybooks;
        this.films = films;
        this.presets = presets;
        this.templates = templates;
    }

    /** How a field takes its value: one of its options, a number in its range, free text, or on/off. */
    public enum Kind { CHOICE, NUMBER, TEXT, SWITCH }

    /** One value a choice takes: what is sent after {@code settings KEY}, and what people read. */
    public record Option(String value, String label) {
    }

    /**
     * One setting: the {@code key} typed after {@code settings}, its label, its current value (null: the provider's
     * own default), the options of a choice, a number's range and step, a text's length limit, a one-line hint, and
     * whether the chosen model honours it in the chosen combination (else the hint says where it does).
     */
    public record Field(String key, String label, Kind kind, String value, List<Option> options, Double min, Double max,
                        Double step, Integer maxLength, String hint, boolean honoured) {
        public Field {
            options = options == null ? List.of() : List.copyOf(options);
        }

        /** A choice among {@code options}, honoured, with a one-line hint (null: none). */
        static Field choice(String key, String label, String value, List<Option> options, String hint) {
            return new Field(key, label, Kind.CHOICE, value, options, null, null, null, null, hint, true);
        }

        /** On or off ({@code on} the current state), with a one-line hint (null: none). */
        static Field onOff(String key, String label, boolean on, String hint, boolean honoured) {
            return new Field(key, label, Kind.SWITCH, on ? "on" : "off", SettingsSheet.onOff(), null, null, null, null, hint,
                    honoured);
        }

        /** A number from {@code min} to {@code max} in steps of {@code step}, with a one-line hint. */
        static Field number(String key, String label, String value, double min, double max, double step, String hint,
                            boolean honoured) {
            return new Field(key, label, Kind.NUMBER, value, List.of(), min, max, step, null, hint, honoured);
        }

        /** Free text of at most {@code max} characters; the hint says so, and that empty clears it. */
        static Field text(String key, String label, String value, int max, String hint) {
            return new Field(key, label, Kind.TEXT, value, List.of(), null, null, null, max, hint + " (at most " + max
                    + " characters; empty: none)", true);
        }
    }

    /**
     * What {@code make} would ask for now: the sum to pay (null when nothing can be priced yet) for {@code clips}
     * clips, {@code reused} clips the chat already has, and why the film cannot be made as it stands.
     */
    public record Quote(CostEstimate toPay, int clips, int reused, List<String> problems) {
        public Quote {
            problems = List.copyOf(problems);
        }
    }

    /**
     * The form: the providers to choose from and the current one, whether settings may change now, the fields, the
     * price of one clip, of the film (null: nothing to price yet), what stands in the film's way, and the music.
     */
    public record Sheet(List<Option> providers, String provider, boolean editable, List<Field> fields, String clipPrice,
                        String filmPrice, List<String> problems, Music music) {
        public Sheet {
            providers = List.copyOf(providers);
            fields = List.copyOf(fields);
            problems = List.copyOf(problems);
        }
    }

    /** The storybook's music: its name (null: none yet) and its volume, fade-out and looping as fields. */
    public record Music(String name, List<Field> fields) {
        public Music {
            fields = List.copyOf(fields);
        }
    }

    /** The sheet of the chat's open storybook (a new one's defaults when there is none yet), as {@code user} sees it. */
    public Sheet read(ChatRef chat, UserRef user) {
        Optional<Storybook> open = storybooks.findOpen(chat);
        Storybook sb = open.orElseGet(() -> new Storybook(null, chat, null, StorybookState.COLLECTING, user.key(), null,
                null, StorybookSettings.defaults(), null, null, 0, 0, null, null, null, null));
        List<Option> providers = ctx.providers().stream()
                .map(p -> new Option(p.id(), p.capabilities().displayName())).toList();
        VideoProvider provider = ctx.providerFor(sb, user);
        boolean editable = !sb.state().running();
        if (provider == null) {
            return new Sheet(providers, null, editable, List.of(), null, null,
                    List.of(SettingsWording.unknownProvider(String.valueOf(sb.provider()), ctx.providerIds())),
                    music(sb.settings()));
        }
        StorybookSettings s = sb.settings();
        Optional<ClipPlan> plan = ClipPlan.resolve(provider, s);
        if (plan.isEmpty()) {
            return new Sheet(providers, provider.id(), editable, List.of(), null, null, List.of(
                    SettingsWording.planProblem(ctx.syntax(chat), ClipPlan.problem(provider, s))), music(s));
        }
        String clip = Wording.money(provider.estimate(plan.get().request("", null, null)));
        String film = null;
        List<String> problems = List.of();
        if (open.isPresent()) {
            Quote q = films.quote(sb, user);
            film = q.toPay() == null ? null : filmPrice(q);
            problems = q.problems();
        }
        List<Field> fields = new ArrayList<>(fields(provider.capabilities(), plan.get()));
        fields.addAll(shortcuts(chat, user));
        return new Sheet(providers, provider.id(), editable, fields, clip, film, problems, music(s));
    }

    /**
     * A style preset and the member's templates, each applied as the chat applies it ({@code style NAME},
     * {@code template use NAME}); nothing is chosen until the member picks one.
     */
    private List<Field> shortcuts(ChatRef chat, UserRef user) {
        List<Field> out = new ArrayList<>();
        List<Option> styles = new ArrayList<>(List.of(new Option("", "choose a preset…")));
        presets.all().forEach(p -> styles.add(new Option(p.name(), p.name() + " – " + p.description())));
        out.add(Field.choice("preset", "Style preset", "", styles,
                "Sets the style, the negative prompt and the model's parameter defaults"));
        List<String> names = templates == null ? List.of() : templates.names(chat, user, "");
        if (!names.isEmpty()) {
            List<Option> saved = new ArrayList<>(List.of(new Option("", "choose a template…")));
            names.forEach(n -> saved.add(new Option(n, n)));
            out.add(Field.choice("template", "Template", "", saved,
                    "Applies a saved template's settings (prompts are offered, never overwritten)"));
        }
        return out;
    }

    /**
     * What a scene may be made with instead of the storybook's provider and model (the page's per-scene choice, as
     * {@code scene N provider P model M}): each provider's models, valued "P M".
     */
    public List<Option> sceneChoices() {
        List<Option> out = new ArrayList<>();
        for (VideoProvider p : ctx.providers()) {
            for (ModelSpec m : p.capabilities().models()) {
                out.add(new Option(p.id() + " " + m.id(), p.capabilities().displayName() + " · " + m.label()));
            }
        }
        return out;
    }

    private static String filmPrice(Quote q) {
        return q.clips() + (q.clips() == 1 ? " clip: " : " clips: ") + Wording.money(q.toPay())
                + (q.reused() > 0 ? " (" + q.reused() + " already made, free)" : "");
    }

    private static List<Field> fields(Capabilities caps, ClipPlan plan) {
        ModelSpec model = plan.model();
        ModelSpec.Combination c = plan.combination();
        StorybookSettings s = plan.settings();
        Set<String> declared = new LinkedHashSet<>();
        model.parameters().forEach(p -> declared.add(p.name().toLowerCase(java.util.Locale.ROOT)));
        List<Field> out = new ArrayList<>();
        out.add(choice("model", "Model", model.id(), caps.models().stream().map(m -> new Option(m.id(), m.label())).toList()));
        // a setting the model declares as a parameter is drawn from its declaration, below
        if (!model.modes().isEmpty() && !declared.contains("mode")) {
            out.add(choice("mode", "Mode", c.mode(), model.modes().stream().map(m -> new Option(m, m)).toList()));
        }
        if (!declared.contains("duration")) {
            Set<Integer> durations = new LinkedHashSet<>();
            model.combinations().forEach(x -> durations.add(x.durationSeconds()));
            out.add(choice("duration", "Duration", String.valueOf(c.durationSeconds()),
                    durations.stream().map(d -> new Option(String.valueOf(d), d + " s")).toList()));
        }
        Set<String> resolutions = new LinkedHashSet<>();
        model.combinations().stream().map(ModelSpec.Combination::resolution).filter(Objects::nonNull).forEach(resolutions::add);
        if (resolutions.size() > 1 && !declared.contains("resolution")) {
            out.add(choice("resolution", "Resolution", c.resolution(), resolutions.stream().map(r -> new Option(r, r)).toList()));
        }
        Map<String, String> effective = ParameterValues.effective(model, c, s.parameters());
        for (ParameterSpec p : model.parameters()) {
            out.add(parameter(p, chosen(p, s, c, effective), p.honouredIn(c)));
        }
        out.add(choice("film", "Film", s.bridges() ? "bridges" : "clips", List.of(
                new Option("clips", "clips (one per photo)"), new Option("bridges", "bridges (each clip ends on the next photo)"))));
        if (s.bridges()) {
            out.add(choice("last", "Last photo", s.lastPhoto() == StorybookSettings.LastPhoto.HOLD ? "hold" : "clip",
                    List.of(new Option("clip", "its own clip"), new Option("hold", "held (the film ends on it)"))));
        }
        List<Option> aspects = new ArrayList<>(List.of(new Option("auto", "from the first photo")));
        for (Aspect a : Aspect.values()) {
            aspects.add(new Option(a.label(), a.label()));
        }
        out.add(choice("aspect", "Aspect", s.aspect() == null ? "auto" : s.aspect().label(), aspects));
        out.add(choice("fit", "Fit", s.fit() == StorybookSettings.Fit.PAD ? "pad" : "crop",
                List.of(new Option("crop", "centre crop"), new Option("pad", "blurred pad"))));
        out.add(Field.text("negative", "Negative prompt", s.negativePrompt(), caps.maxPromptChars(), "What the clips should avoid"));
        out.add(Field.text("style", "Style", s.styleSuffix(), caps.maxPromptChars() / 2, "Added to every prompt"));
        out.add(choice("transitions", "Transitions", s.crossfadeSeconds() > 0 ? "crossfade" : "cuts", List.of(
                new Option("cuts", "hard cuts"), new Option("crossfade", "crossfade " + Wording.trim(
                        s.crossfadeSeconds() > 0 ? s.crossfadeSeconds() : SettingChange.CROSSFADE_SECONDS) + " s"))));
        out.add(Field.onOff("captions", "Captions", s.captions(), null, true));
        out.add(Field.onOff("sound", "Clips' own sound", s.sound().clipSound(), "Off: the film is silent but for its music",
                true));
        out.add(Field.onOff("title", "Title card", s.titleCard(), "The storybook's title over the first second", true));
        return out;
    }

    /**
     * The music's volume, fade-out, ducking and looping, each as {@code settings music volume|fade|duck|loop VALUE}
     * takes it; free
     * (mixed in after the clips are made), and only honoured once the storybook has music.
     */
    private static Music music(StorybookSettings s) {
        boolean has = s.musicBlob() != null;
        String free = has ? "Costs nothing: mixed in after the clips are made" : "Add music first";
        return new Music(has ? SoundWording.shownName(s.sound()) : null, List.of(
                Field.number("music volume", "Music volume (%)", String.valueOf(Math.round(s.musicVolume() * 100)), 0, 100,
                        1, free + " · softer where the clips have their own sound", has),
                Field.number("music fade", "Music fade-out (s)", Wording.trim(s.sound().fadeSeconds()), 0,
                        io.storyreel.core.storybook.FilmSound.MAX_FADE_SECONDS, 0.1, free + " · over the film's last seconds",
                        has),
                Field.number("music duck", "Music ducking (dB)", Wording.trim(s.sound().duckDb()), 0,
                        io.storyreel.core.storybook.FilmSound.MAX_DUCK_DB, 1,
                        free + " · how far it dips under the clips' own sound (0: never)", has),
                Field.onOff("music loop", "Loop the music", !s.sound().musicOnce(),
                        free + " · on: repeats under a longer film; off: played once", has)));
    }

    /**
     * A parameter's value now. One that picks the clip's combination (a declared duration, mode or resolution) is
     * kept as that setting, not among the parameters: the combination's, once one was chosen (null: the default).
     */
    private static String chosen(ParameterSpec p, StorybookSettings s, ModelSpec.Combination c, Map<String, String> effective) {
        return switch (p.shapesTheClip() ? p.combination() : "") {
            case "duration" -> s.durationSeconds() == null ? null : String.valueOf(c.durationSeconds());
            case "mode" -> s.mode() == null ? null : c.mode();
            case "resolution" -> s.resolution() == null ? null : c.resolution();
            default -> effective.get(p.name());
        };
    }

    /** A declared parameter, drawn from its declaration alone: whatever a catalogue declares shows here. */
    private static Field parameter(ParameterSpec p, String value, boolean honoured) {
        Kind kind = Kind.valueOf(p.type().name());
        List<Option> options = switch (p.type()) {
            case CHOICE -> p.options().stream().map(o -> new Option(o.value(), o.shown())).toList();
            case SWITCH -> onOff();
            default -> List.of();
        };
        String hint = (p.description() == null ? "" : p.description() + " · ") + p.allowed()
                + (honoured ? "" : " · only in " + String.join(", ", p.only()));
        return new Field(p.name(), p.shown(), kind, value, options, p.min(), p.max(), p.step(), p.maxLength(), hint,
                honoured);
    }

    private static Field choice(String key, String label, String value, List<Option> options) {
        return Field.choice(key, label, value, options, null);
    }

    private static List<Option> onOff() {
        return List.of(new Option("on", "on"), new Option("off", "off"));
    }
}
