package io.storyreel.core.conversation;

import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.Completions;
import io.storyreel.core.chat.Message;
import io.storyreel.core.chat.UserRef;
import io.storyreel.core.provider.Capabilities;
import io.storyreel.core.provider.ModelSpec;
import io.storyreel.core.provider.ParameterValues;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.storybook.ChatUserRepository;
import io.storyreel.core.storybook.ClipPlan;
import io.storyreel.core.storybook.Scene;
import io.storyreel.core.storybook.SceneRepository;
import io.storyreel.core.storybook.Storybook;
import io.storyreel.core.storybook.StorybookRepository;
import io.storyreel.core.storybook.StorybookSettings;
import io.storyreel.core.template.Template;
import io.storyreel.core.template.TemplateRepository;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static io.storyreel.core.conversation.ChatContext.groupReply;

/**
 * {@code template save|use|list|delete}: a storybook's settings (and, when asked, its prompts) kept under a name and
 * applied to the chat's open storybook. Saved in a private chat a template is the member's own, usable in any chat;
 * saved in a group it is the group's, for every member there and nobody else. Applying never overwrites a prompt a
 * scene already has: those scenes are named with a button to take the template's prompts. A model the provider no
 * longer offers is replaced by the nearest one, and the answer says so.
 */
final class TemplateCommands {
    private final ChatContext ctx;
    private final StorybookRepository storybooks;
    private final SceneRepository scenes;
    private final TemplateRepository templates;
    private final ChatUserRepository users;

    TemplateCommands(ChatContext ctx, StorybookRepository storybooks, SceneRepository scenes,
                     TemplateRepository templates, ChatUserRepository users) {
        this.ctx = ctx;
        this.storybooks = storybooks;
        this.scenes = scenes;
        this.templates = templates;
        this.users = users;
    }

    void command(ChatEvent.Command c) {
        CommandWording cs = ctx.syntax(c.chat());
        String action = c.args().isEmpty() ? "" : c.args().get(0).toLowerCase(Locale.ROOT);
        if (action.equals("list")) {
            ctx.reply(c, TemplateWording.list(cs, visible(c)));
            return;
        }
        if (!List.of("save", "use", "delete").contains(action) || c.args().size() < 2) {
            ctx.refuse(c, TemplateWording.usage(cs));
            return;
        }
        Optional<String> name = Template.validName(c.args().get(1));
        if (name.isEmpty()) {
            ctx.refuse(c, TemplateWording.badName(c.args().get(1)));
            return;
        }
        switch (action) {
            case "save" -> save(c, name.get(), c.args().size() > 2 && c.args().get(2).equalsIgnoreCase("prompts"));
            case "use" -> use(c, name.get());
            default -> delete(c, name.get());
        }
    }

    /** The names of the templates {@code user} may use in {@code chat} that begin with {@code typed}, for suggestions. */
    List<String> names(ChatRef chat, UserRef user, String typed) {
        String start = typed == null ? "" : typed.strip().toLowerCase(Locale.ROOT);
        return templates.visible(user.key(), chat.isPrivate() ? null : chat.key()).stream().map(Template::name)
                .filter(n -> n.toLowerCase(Locale.ROOT).startsWith(start)).distinct().limit(Completions.MAX).toList();
    }

    private List<Template> visible(ChatEvent.Command c) {
        return templates.visible(c.user().key(), c.chat().isPrivate() ? null : c.chat().key());
    }

    private void save(ChatEvent.Command c, String name, boolean withPrompts) {
        Storybook sb = ctx.openOrCreate(c.chat(), c.user());
        VideoProvider provider = ctx.providerFor(sb, c.user());
        List<String> prompts = withPrompts ? scenes.list(sb.id()).stream()
                .map(s -> s.prompt() == null ? "" : s.prompt()).toList() : List.of();
        boolean group = !c.chat().isPrivate();
        boolean replaced = templates.save(group ? Template.Scope.CHAT : Template.Scope.USER,
                group ? c.chat().key() : c.user().key(), name, c.user().key(), provider == null ? null : provider.id(),
                sb.settings(), prompts);
        ctx.reply(c, TemplateWording.saved(name, group, replaced, prompts.size()));
    }

    private void delete(ChatEvent.Command c, String name) {
        Optional<Template> t = templates.find(c.user().key(), c.chat().isPrivate() ? null : c.chat().key(), name);
        if (t.isEmpty()) {
            ctx.refuse(c, TemplateWording.unknown(ctx.syntax(c.chat()), name, visible(c)));
        } else if (!mayDelete(t.get(), c)) {
            ctx.refuse(c, TemplateWording.notYours(name, users.displayName(t.get().savedBy()).orElse(null)));
        } else {
            templates.delete(t.get().id());
            ctx.reply(c, TemplateWording.deleted(name));
        }
    }

    /**
     * The member who saved it may delete it; a group's template also a group admin (as for a film's buttons, see
     * {@link FilmPermissions}), so a group can clear what a member who left saved.
     */
    private boolean mayDelete(Template t, ChatEvent.Command c) {
        return t.savedBy().equals(c.user().key()) || t.scope() == Template.Scope.CHAT && !c.chat().isPrivate()
                && ctx.port(c.chat()).isAdministrator(c.chat(), c.user());
    }

    private void use(ChatEvent.Command c, String name) {
        Optional<Template> found = templates.find(c.user().key(), c.chat().isPrivate() ? null : c.chat().key(), name);
        if (found.isEmpty()) {
            ctx.refuse(c, TemplateWording.unknown(ctx.syntax(c.chat()), name, visible(c)));
            return;
        }
        Template t = found.get();
        Storybook sb = ctx.openOrCreate(c.chat(), c.user());
        if (sb.state().running()) {
            ctx.refuse(c, Wording.frozen(ctx.syntax(c.chat())));
            return;
        }
        List<String> notes = new ArrayList<>();
        VideoProvider provider = ctx.provider(t.provider());
        StorybookSettings settings = t.settings();
        if (provider == null) {
            provider = ctx.providerFor(sb, c.user());
            if (provider == null) {
                ctx.refuse(c, SettingsWording.unknownProvider(String.valueOf(t.provider()), ctx.providerIds()));
                return;
            }
            notes.add(TemplateWording.providerGone(String.valueOf(t.provider()), provider.capabilities().displayName()));
            // what belonged to the gone provider's models goes; the film's own settings (mode, aspect, sound, music,
            // title card, style, captions, transitions) stay
            settings = settings.withModel(null).withMode(null).withDuration(null).withResolution(null)
                    .withParameters(java.util.Map.of());
        }
        settings = fitted(provider, settings, notes);
        ctx.unconfirm(sb);
        storybooks.setProvider(sb.id(), provider.id());
        storybooks.setSettings(sb.id(), settings);
        ClipPlan plan = ClipPlan.resolve(provider, settings).orElseThrow();
        List<List<io.storyreel.core.chat.Button>> buttons = List.of();
        if (!t.prompts().isEmpty()) {
            List<Scene> current = scenes.list(sb.id());
            List<Integer> filled = new ArrayList<>();
            List<Integer> differ = new ArrayList<>();
            for (Scene s : current) {
                String p = s.position() <= t.prompts().size() ? t.prompts().get(s.position() - 1) : "";
                if (p.isBlank() || p.equals(s.prompt())) {
                    continue;
                }
                if (s.hasPrompt()) {
                    differ.add(s.position());
                } else {
                    scenes.setPrompt(s.id(), p);
                    filled.add(s.position());
                }
            }
            if (!filled.isEmpty()) {
                notes.add(TemplateWording.promptsFilled(filled));
            }
            if (!differ.isEmpty()) {
                notes.add(TemplateWording.promptsDiffer(differ));
                buttons = List.of(List.of(new ButtonAction(ButtonAction.Verb.TEMPLATE_PROMPTS, t.id(), null)
                        .button(TemplateWording.replaceLabel(differ))));
            }
            if (t.prompts().size() > current.size()) {
                notes.add(TemplateWording.promptsWaiting(t.prompts().size() - current.size()));
            }
        }
        ctx.say(c.chat(), Message.text(TemplateWording.applied(t.name(), provider.capabilities().displayName(),
                plan.model().label(), notes)).withButtons(buttons).replyingTo(groupReply(c.chat(), c.source())));
    }

    /** The button under an applied template: its prompts replace the scenes' own, in order. */
    void replacePrompts(ChatEvent.ButtonPressed b, ButtonAction a) {
        Optional<Storybook> open = storybooks.findOpen(b.chat());
        Optional<Template> t = templates.byId(a.target()).filter(x -> x.scope() == Template.Scope.CHAT
                ? x.ownerKey().equals(b.chat().key()) : x.ownerKey().equals(b.user().key()));
        if (open.isEmpty() || t.isEmpty() || open.get().state().running()) {
            ctx.answerPress(b, Wording.staleButton());
            return;
        }
        ctx.unconfirm(open.get());
        List<Integer> replaced = new ArrayList<>();
        for (Scene s : scenes.list(open.get().id())) {
            String p = s.position() <= t.get().prompts().size() ? t.get().prompts().get(s.position() - 1) : "";
            if (!p.isBlank() && !p.equals(s.prompt())) {
                scenes.setPrompt(s.id(), p);
                replaced.add(s.position());
            }
        }
        ctx.answerPress(b, replaced.isEmpty() ? Wording.staleButton() : TemplateWording.promptsReplaced(replaced));
    }

    /**
     * The template's settings made to fit the provider as it is now: a model that has gone becomes the nearest one
     * (longest shared id prefix, else the default), with a note; a combination it cannot make falls back to the
     * model's defaults; parameters the model does not declare are dropped.
     */
    private static StorybookSettings fitted(VideoProvider provider, StorybookSettings s, List<String> notes) {
        Capabilities caps = provider.capabilities();
        StorybookSettings out = s;
        if (s.model() != null && caps.model(s.model()).isEmpty()) {
            ModelSpec nearest = caps.models().stream()
                    .max(Comparator.comparingInt((ModelSpec m) -> sharedPrefix(m.id(), s.model()))
                            .thenComparing(m -> m.id().equals(caps.defaultModel())))
                    .orElseThrow();
            if (sharedPrefix(nearest.id(), s.model()) == 0) {
                nearest = caps.model(caps.defaultModel()).orElseThrow();
            }
            notes.add(TemplateWording.modelGone(s.model(), nearest.label()));
            out = out.withModel(nearest.id());
        }
        if (ClipPlan.resolve(provider, out).isEmpty()) {
            out = out.withMode(null).withDuration(null).withResolution(null);
        }
        ModelSpec model = ClipPlan.resolve(provider, out).orElseThrow().model();
        Map<String, String> kept = out.parameters().entrySet().stream()
                .filter(e -> ParameterValues.declared(model, e.getKey()).isPresent())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        return out.withParameters(kept);
    }

    private static int sharedPrefix(String a, String b) {
        int n = 0;
        while (n < a.length() && n < b.length() && Character.toLowerCase(a.charAt(n)) == Character.toLowerCase(b.charAt(n))) {
            n++;
        }
        return n;
    }
}
