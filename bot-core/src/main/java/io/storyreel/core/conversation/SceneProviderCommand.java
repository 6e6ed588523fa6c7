package io.storyreel.core.conversation;

import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.provider.ModelSpec;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.storybook.ClipPlan;
import io.storyreel.core.storybook.Scene;
import io.storyreel.core.storybook.SceneOverride;
import io.storyreel.core.storybook.SceneRepository;
import io.storyreel.core.storybook.Shot;
import io.storyreel.core.storybook.Storybook;
import io.storyreel.core.storybook.StorybookSettings;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static io.storyreel.core.conversation.ChatContext.intArg;

/**
 * {@code scene N provider P [model M]}: scene N's clip is made by another provider or model than the storybook's
 * ({@code provider default} follows the storybook again; {@code model M} alone picks another model of the
 * storybook's provider). The choice is checked as the film would be: an unknown provider or model, a model that
 * cannot make the storybook's film, or (for a bridge) one that cannot end on the next photo changes nothing and
 * says what can.
 */
final class SceneProviderCommand {
    private final ChatContext ctx;
    private final SceneRepository scenes;
    private final Function<ChatEvent.Command, Optional<Storybook>> editable;

    /** @param editable the open storybook when its scenes may change (else it answers why not and is empty) */
    SceneProviderCommand(ChatContext ctx, SceneRepository scenes, Function<ChatEvent.Command, Optional<Storybook>> editable) {
        this.ctx = ctx;
        this.scenes = scenes;
        this.editable = editable;
    }

    void handle(ChatEvent.Command c) {
        Optional<Integer> n = intArg(c.args(), 0);
        if (n.isEmpty()) {
            ctx.refuse(c, SceneWording.usage(ctx.syntax(c.chat())));
            return;
        }
        editable.apply(c).ifPresent(sb -> {
            Optional<Scene> scene = scenes.at(sb.id(), n.get());
            if (scene.isEmpty()) {
                ctx.refuse(c, Wording.noSuchScene(n.get(), scenes.count(sb.id())));
                return;
            }
            VideoProvider book = ctx.providerFor(sb, c.user());
            String bookProvider = book == null ? sb.provider() : book.id();
            SceneChoice choice = SceneChoice.parse(c.args().subList(1, c.args().size()));
            if (choice.empty()) {
                VideoProvider p = ctx.provider(SceneOverride.providerOf(scene.get(), bookProvider));
                ctx.reply(c, SceneWording.shown(ctx.syntax(c.chat()), scene.get(), p == null ? null : planOf(sb, scene.get(), bookProvider, p)));
                return;
            }
            if (choice.clears()) {
                ctx.unconfirm(sb);
                scenes.setProviderAndModel(scene.get().id(), null, null);
                ctx.reply(c, SceneWording.followsStorybook(n.get(), book == null ? null : book.capabilities().displayName()));
                return;
            }
            String id = choice.provider() != null ? choice.provider() : bookProvider;
            VideoProvider p = ctx.provider(id);
            if (p == null) {
                ctx.refuse(c, SceneWording.unknownProvider(id, ctx.providerIds()));
                return;
            }
            String model = choice.model() == null ? null : p.capabilities().models().stream()
                    .filter(m -> m.id().equalsIgnoreCase(choice.model())).map(ModelSpec::id).findFirst().orElse(null);
            if (choice.model() != null && model == null) {
                ctx.refuse(c, SceneWording.unknownModel(p.capabilities(), choice.model()));
                return;
            }
            Scene chosen = scene.get().withProviderAndModel(p.id(), model);
            Optional<String> problem = problem(sb, chosen, bookProvider, p);
            if (problem.isPresent()) {
                ctx.refuse(c, problem.get());
                return;
            }
            ctx.unconfirm(sb);
            scenes.setProviderAndModel(chosen.id(), chosen.provider(), chosen.model());
            ctx.reply(c, SceneWording.chosen(n.get(), p.capabilities().displayName(), planOf(sb, chosen, bookProvider, p),
                    book == null ? null : book.capabilities().displayName()));
        });
    }

    /** The plan {@code scene}'s clip would be made with on {@code p}; null when there is none. */
    static ClipPlan planOf(Storybook sb, Scene scene, String bookProvider, VideoProvider p) {
        return ClipPlan.resolve(p, SceneOverride.settings(scene, bookProvider, p, sb.settings())).orElse(null);
    }

    /** Why the film could not make {@code scene} on {@code p}: no plan, or a bridge its model cannot end. */
    private Optional<String> problem(Storybook sb, Scene scene, String bookProvider, VideoProvider p) {
        StorybookSettings settings = SceneOverride.settings(scene, bookProvider, p, sb.settings());
        Optional<ClipPlan> plan = ClipPlan.resolve(p, settings);
        if (plan.isEmpty()) {
            return Optional.of(SettingsWording.planProblem(ctx.syntax(sb.chat()), ClipPlan.problem(p, settings)) + " "
                    + SceneWording.nothingChanged());
        }
        boolean bridge = Shot.endOf(sb.settings(), scenes.list(sb.id()), scene.position()) > 0;
        if (bridge && !plan.get().takesEndFrame()) {
            return Optional.of(SceneWording.noEndFrame(ctx.syntax(sb.chat()), scene.position(), plan.get(),
                    EndFrameModels.of(p.capabilities())));
        }
        return Optional.empty();
    }

    /** What {@code scene N …} asked for: a provider and model, {@code default} to clear, or nothing (show it). */
    private record SceneChoice(String provider, String model) {
        /**
         * Reads {@code provider P model M} (as typed on Telegram), {@code P M} (Discord's options in order), or
         * {@code model M} alone.
         */
        static SceneChoice parse(List<String> words) {
            String provider = null;
            String model = null;
            for (int i = 0; i < words.size(); i++) {
                String w = words.get(i).strip();
                boolean named = i + 1 < words.size();
                if (w.equalsIgnoreCase("provider") && named) {
                    provider = words.get(++i).strip();
                } else if (w.equalsIgnoreCase("model") && named) {
                    model = words.get(++i).strip();
                } else if (provider == null && model == null) {
                    provider = w;
                } else if (model == null) {
                    model = w;
                }
            }
            return new SceneChoice(provider == null ? null : provider.toLowerCase(java.util.Locale.ROOT), model);
        }

        boolean empty() {
            return provider == null && model == null;
        }

        boolean clears() {
            return "default".equals(provider);
        }
    }
}
