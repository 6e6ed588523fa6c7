package io.storyreel.core.conversation;

import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.keys.KeyVault;
import io.storyreel.core.logging.SecretRegistry;
import io.storyreel.core.provider.Credentials;
import io.storyreel.core.provider.ProviderException;
import io.storyreel.core.provider.VideoProvider;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.storyreel.core.conversation.ChatContext.join;

/**
 * A member's provider keys: given only where nobody else reads them (a private chat, or a form only they see),
 * deleted from the chat at once, checked with the provider, stored encrypted, listed by provider and forgotten on
 * request. Every answer about keys is private.
 */
final class KeyCommands {
    private final ChatContext ctx;
    private final KeyVault vault;

    KeyCommands(ChatContext ctx, KeyVault vault) {
        this.ctx = ctx;
        this.vault = vault;
    }

    /** {@code setkeys} typed as a command: how to send keys here, or, where others read along, where to send them. */
    void setkeysCommand(ChatEvent.Command c) {
        CommandWording cs = ctx.syntax(c.chat());
        ctx.refuse(c, c.chat().isPrivate() ? setkeysUsage(cs) : KeyWording.onlyPrivate(cs, "setkeys"));
    }

    /** {@code keys}: which providers the member has keys for (never the keys). */
    void listKeys(ChatEvent.Command c) {
        ctx.refuse(c, KeyWording.keys(ctx.syntax(c.chat()), vault.providers(c.user().key()), ctx.providerIds()));
    }

    private String setkeysUsage(CommandWording cs) {
        return KeyWording.setkeysUsage(cs, ctx.providers().stream().map(p -> cs.setkeys(p.id(), p.credentialFields())).toList());
    }

    /** Keys typed or sent through a form: registered as secrets at once, deleted from the chat, checked, stored. */
    void secret(ChatEvent.SecretSubmitted s) {
        // SecretRegistry first: whatever happens next, the secret never reaches a log in clear
        if (s.secret() != null) {
            for (String part : s.secret().strip().split("\\s+")) {
                SecretRegistry.register(part);
            }
        }
        boolean deleted = s.source() == null || ctx.deleteQuietly(s.source());
        String providerId = s.provider() == null ? "" : s.provider().strip().toLowerCase(Locale.ROOT);
        VideoProvider p = ctx.provider(providerId);
        String name = p == null ? providerId : p.capabilities().displayName();
        if (!s.chat().isPrivate() && s.source() != null) {
            // posted where others could read it: refuse and ask for rotation, whatever it was
            String who = name.isBlank() ? "provider" : name;
            ctx.reply(s.chat(), null, KeyWording.keysPostedInGroup(ctx.syntax(s.chat()), who, deleted));
            return;
        }
        List<String> notes = new ArrayList<>();
        if (!deleted) {
            notes.add(KeyWording.deleteFailed());
        }
        if (p == null) {
            ctx.privately(s, join(notes, providerId.isBlank() ? setkeysUsage(ctx.syntax(s.chat()))
                    : SettingsWording.unknownProvider(providerId, ctx.providerIds()) + "\n" + setkeysUsage(ctx.syntax(s.chat()))));
            return;
        }
        String[] parts = s.secret() == null || s.secret().isBlank() ? new String[0] : s.secret().strip().split("\\s+");
        List<String> fields = p.credentialFields();
        if (parts.length != fields.size()) {
            ctx.privately(s, join(notes, KeyWording.setkeysWrongFields(name,
                    ctx.syntax(s.chat()).reenterKeys(p.id(), p.credentialFields()), s.source() != null)));
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
            check = VideoProvider.KeyCheck.refused(e);
        }
        if (!check.valid()) {
            ctx.privately(s, join(notes, KeyWording.keysRefused(name, check,
                    ctx.syntax(s.chat()).reenterKeys(p.id(), p.credentialFields()))));
            return;
        }
        vault.store(s.user().key(), p.id(), credentials);
        ctx.privately(s, join(notes, KeyWording.keysSaved(name, credentials.masked(), check.checkedOnline(),
                s.source() != null)));
    }

    void forgetKeys(ChatEvent.Command c) {
        List<String> which = c.args().isEmpty() ? vault.providers(c.user().key())
                : List.of(c.args().get(0).toLowerCase(Locale.ROOT));
        List<String> forgotten = new ArrayList<>();
        for (String p : which) {
            if (vault.forget(c.user().key(), p)) {
                forgotten.add(p);
            }
        }
        ctx.refuse(c, KeyWording.forgot(forgotten));
    }
}
