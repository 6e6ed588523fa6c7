package io.storyreel.core.conversation;

import io.storyreel.core.chat.Button;
import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.Message;
import io.storyreel.core.chat.MessageRef;
import io.storyreel.core.chat.UserRef;
import io.storyreel.core.provider.Capabilities;
import io.storyreel.core.provider.CostEstimate;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.storybook.ChatUserRepository;
import io.storyreel.core.storybook.ClipPlan;
import io.storyreel.core.storybook.Storybook;
import io.storyreel.core.storybook.StorybookRepository;
import io.storyreel.core.storybook.StorybookSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static io.storyreel.core.conversation.ChatContext.groupReply;

/**
 * Choosing how the film is made: the provider menu with what a clip costs with each, the choice (remembered as
 * the member's preference), and the storybook's settings card, typed or by button, checked against what the
 * provider can make.
 */
final class ProviderCommands {
    private final ChatContext ctx;
    private final StorybookRepository storybooks;
    private final ChatUserRepository users;

    ProviderCommands(ChatContext ctx, StorybookRepository storybooks, ChatUserRepository users) {
        this.ctx = ctx;
        this.storybooks = storybooks;
        this.users = users;
    }

    /** {@code provider}: the menu with what a clip costs with each provider, or the choice typed after it. */
    void showProviderMenu(ChatEvent.Command c) {
        if (!c.args().isEmpty()) {
            chooseProvider(c.chat(), c.user(), c.args().get(0).toLowerCase(Locale.ROOT), c.source());
            return;
        }
        Storybook sb = ctx.openOrCreate(c.chat(), c.user());
        VideoProvider current = ctx.providerFor(sb, c.user());
        List<String> lines = new ArrayList<>();
        List<Button> row = new ArrayList<>();
        for (VideoProvider p : ctx.providers()) {
            StorybookSettings s = p == current ? sb.settings() : StorybookSettings.defaults();
            Optional<ClipPlan> plan = ClipPlan.resolve(p, s).or(() -> ClipPlan.resolve(p, StorybookSettings.defaults()));
            Capabilities caps = p.capabilities();
            if (plan.isPresent()) {
                CostEstimate cost = p.estimate(plan.get().request("", null, null));
                lines.add(SettingsWording.providerLine(caps, plan.get(), cost));
                row.add(new ButtonAction(ButtonAction.Verb.PROVIDER, null, p.id())
                        .button(caps.displayName() + " · " + Wording.money(cost)));
            }
        }
        String now = current == null ? null : current.capabilities().displayName();
        ctx.say(c.chat(), Message.text(SettingsWording.providerMenu(lines, now))
                .withButtons(List.of(row)).replyingTo(groupReply(c.chat(), c.source())));
    }

    void chooseProvider(ChatRef chat, UserRef user, String id, MessageRef replyTo) {
        VideoProvider p = ctx.provider(id);
        if (p == null) {
            ctx.refuse(chat, replyTo, SettingsWording.unknownProvider(id, ctx.providerIds()));
            return;
        }
        Storybook sb = ctx.openOrCreate(chat, user);
        if (sb.state().running()) {
            ctx.refuse(chat, replyTo, Wording.frozen(ctx.syntax(chat)));
            return;
        }
        ctx.unconfirm(sb);
        if (!id.equals(sb.provider())) {
            storybooks.setProvider(sb.id(), id);
            // model, mode and resolution names differ between providers; keep only the provider-neutral choices
            StorybookSettings s = sb.settings();
            storybooks.setSettings(sb.id(), s.neutral());
        }
        users.setPreferredProvider(user.key(), id);
        String said = SettingsWording.providerSet(ctx.syntax(chat), p.capabilities().displayName());
        // every photo a clip starts or (bridges) ends on goes to the provider
        List<Integer> unfit = PhotoFit.tooSmall(ctx.shots(sb).stream()
                .flatMap(shot -> java.util.stream.Stream.of(shot.scene(), shot.end())).filter(java.util.Objects::nonNull)
                .distinct().sorted(java.util.Comparator.comparingInt(io.storyreel.core.storybook.Scene::position))
                .toList(), p.capabilities().image());
        if (!unfit.isEmpty()) {
            said += "\n" + FilmWording.scenesTooSmall(ctx.syntax(chat), p.capabilities().displayName(),
                    p.capabilities().image().minEachSide(), unfit);
        }
        ctx.reply(chat, replyTo, said);
    }

    /** {@code settings}: the settings card, or one setting typed after it. */
    void showSettings(ChatEvent.Command c) {
        Storybook sb = ctx.openOrCreate(c.chat(), c.user());
        if (c.args().isEmpty()) {
            settingsCard(c.chat(), sb, c.user(), null, c.source());
            return;
        }
        if (c.args().size() < 2) {
            ctx.refuse(c, SettingsWording.settingsUsage(ctx.syntax(c.chat())));
            return;
        }
        String key = c.args().get(0).toLowerCase(Locale.ROOT);
        String value = c.rawArgs().strip().replaceFirst("^\\S+\\s*", "");
        applySetting(c.chat(), c.user(), sb, key, value, null, c.source());
    }

    /** A button of the settings card: change that setting and edit the card in place. */
    void settingPressed(ChatEvent.ButtonPressed b, ButtonAction a) {
        Optional<Storybook> open = storybooks.findOpen(b.chat());
        if (open.isEmpty() || a.target() == null) {
            ctx.answerPress(b, Wording.staleButton());
        } else {
            applySetting(b.chat(), b.user(), open.get(), a.target(), a.arg(), b.message(), b.source());
        }
    }

    private void applySetting(ChatRef chat, UserRef user, Storybook sb, String key, String value, MessageRef menu,
                              MessageRef source) {
        if (sb.state().running()) {
            ctx.refuse(chat, source, Wording.frozen(ctx.syntax(chat)));
            return;
        }
        VideoProvider provider = ctx.providerFor(sb, user);
        if (provider == null) {
            ctx.refuse(chat, source, SettingsWording.unknownProvider(String.valueOf(sb.provider()), ctx.providerIds()));
            return;
        }
        SettingChange change = SettingChange.apply(provider, sb.settings(), key, value);
        if (change.refusal() != null) {
            ctx.refuse(chat, source, SettingsWording.settingRefused(ctx.syntax(chat), change.refusal()));
            return;
        }
        // a change that leaves the model unable to make clips of the film's chosen aspect is said now, not at /make
        Optional<String> shape = FilmShapeCheck.introduced(ctx.syntax(chat), provider, sb.settings(), change.settings());
        if (shape.isPresent()) {
            ctx.refuse(chat, source, SettingsWording.cannotUse(shape.get()));
            return;
        }
        ctx.unconfirm(sb);
        storybooks.setSettings(sb.id(), change.settings());
        settingsCard(chat, storybooks.find(sb.id()).orElseThrow(), user, menu, source);
    }

    private void settingsCard(ChatRef chat, Storybook sb, UserRef user, MessageRef editInPlace, MessageRef source) {
        VideoProvider provider = ctx.providerFor(sb, user);
        if (provider == null) {
            ctx.refuse(chat, source, SettingsWording.unknownProvider(String.valueOf(sb.provider()), ctx.providerIds()));
            return;
        }
        Optional<ClipPlan> plan = ClipPlan.resolve(provider, sb.settings());
        if (plan.isEmpty()) {
            ctx.refuse(chat, source, SettingsWording.settingRefused(ctx.syntax(chat), SettingChange.noPlan(provider,
                    sb.settings())));
            return;
        }
        String name = provider.capabilities().displayName();
        Message m = Message.text(SettingsWording.settings(ctx.syntax(chat), name, plan.get(), sb.settings()))
                .withButtons(SettingChange.buttons(provider, plan.get()));
        if (editInPlace != null) {
            ctx.port(chat).edit(editInPlace, m);
        } else {
            ctx.say(chat, m.replyingTo(groupReply(chat, source)));
        }
    }
}
