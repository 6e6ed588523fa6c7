package io.storyreel.core.conversation;

import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.provider.ParameterSpec;
import io.storyreel.core.provider.ParameterValues;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.storybook.ClipPlan;
import io.storyreel.core.storybook.Storybook;
import io.storyreel.core.storybook.StorybookRepository;
import io.storyreel.core.storybook.StorybookSettings;
import io.storyreel.core.template.StylePresets;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code style}: the presets with their one-line descriptions, or one applied to the open storybook (its style,
 * negative prompt, and the parameter defaults the storybook's model declares and allows).
 */
final class StyleCommands {
    private final ChatContext ctx;
    private final StorybookRepository storybooks;
    private final StylePresets presets;

    StyleCommands(ChatContext ctx, StorybookRepository storybooks, StylePresets presets) {
        this.ctx = ctx;
        this.storybooks = storybooks;
        this.presets = presets;
    }

    void command(ChatEvent.Command c) {
        CommandWording cs = ctx.syntax(c.chat());
        if (c.args().isEmpty()) {
            ctx.reply(c, "Styles:\n" + presets.all().stream().map(p -> "• " + p.name() + ": " + p.description())
                    .collect(Collectors.joining("\n")) + "\nApply one with " + cs.command("style", "NAME") + ".");
            return;
        }
        Optional<StylePresets.Preset> preset = presets.find(c.args().get(0));
        if (preset.isEmpty()) {
            ctx.refuse(c, "I don't know the style \"" + c.args().get(0) + "\". Styles: "
                    + presets.all().stream().map(StylePresets.Preset::name).collect(Collectors.joining(", ")) + ".");
            return;
        }
        Storybook sb = ctx.openOrCreate(c.chat(), c.user());
        if (sb.state().running()) {
            ctx.refuse(c, Wording.frozen(cs));
            return;
        }
        VideoProvider provider = ctx.providerFor(sb, c.user());
        StylePresets.Preset p = preset.get();
        StorybookSettings next = sb.settings().withStyleSuffix(p.style()).withNegativePrompt(p.negative());
        List<String> taken = new ArrayList<>();
        Optional<ClipPlan> plan = provider == null ? Optional.empty() : ClipPlan.resolve(provider, next);
        for (Map.Entry<String, String> e : p.parameters().entrySet()) {
            Optional<ParameterSpec> spec = plan.flatMap(x -> ParameterValues.declared(x.model(), e.getKey()));
            if (spec.isPresent() && spec.get().check(e.getValue()).ok()) {
                String value = spec.get().check(e.getValue()).value();
                next = next.withParameter(spec.get().name(), value);
                taken.add(spec.get().name() + " " + spec.get().display(value));
            }
        }
        ctx.unconfirm(sb);
        storybooks.setSettings(sb.id(), next);
        ctx.reply(c, "Style \"" + p.name() + "\" applied: every prompt ends with \"" + p.style() + "\""
                + (p.negative() == null ? "" : ", negative prompt \"" + p.negative() + "\"")
                + (taken.isEmpty() ? "" : ", " + String.join(", ", taken)) + ". " + cs.settings() + " to fine-tune.");
    }
}
