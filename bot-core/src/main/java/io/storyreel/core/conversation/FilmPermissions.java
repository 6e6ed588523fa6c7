package io.storyreel.core.conversation;

import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.UserRef;
import io.storyreel.core.storybook.ChatUserRepository;
import io.storyreel.core.storybook.Storybook;
import io.storyreel.core.storybook.StorybookState;

import java.util.Optional;

/**
 * Who may press what, decided here once for both platforms. Money is only ever spent by the member who pays:
 * <ul>
 *   <li>{@link Action#CONFIRM} and {@link Action#REGENERATE}: anyone (whoever confirms pays);</li>
 *   <li>{@link Action#DECLINE} an estimate: the member who asked for it;</li>
 *   <li>{@link Action#RETRY} a failed clip on the keys it was paid with: that clip's payer;</li>
 *   <li>{@link Action#MERGE_WITHOUT}, {@link Action#CANCEL}: the film's payer;</li>
 *   <li>{@link Action#REDO} a clip (the member who asks pays): anyone once the film is finished; while it is still
 *   being made, the film's payer.</li>
 * </ul>
 * A chat administrator may do all of it; in a private chat the only member is the payer. Anyone else is told who
 * can, and may retry or redo a clip with their own keys instead (then they pay for that clip only).
 */
final class FilmPermissions {

    enum Action { CONFIRM, DECLINE, RETRY, MERGE_WITHOUT, CANCEL, REDO, REGENERATE }

    private final ChatContext ctx;
    private final ChatUserRepository users;

    FilmPermissions(ChatContext ctx, ChatUserRepository users) {
        this.ctx = ctx;
        this.users = users;
    }

    /**
     * Empty when {@code user} may do {@code action} on {@code sb}; otherwise the sentence saying who can.
     * {@code clipPayer} is the payer of the clip a RETRY is about (null: the film's).
     */
    Optional<String> refusal(Action action, ChatRef chat, UserRef user, Storybook sb, String clipPayer) {
        String owner = switch (action) {
            case CONFIRM, REGENERATE -> null;
            case DECLINE -> sb.askedBy();
            case RETRY -> clipPayer != null ? clipPayer : sb.payerKey();
            case MERGE_WITHOUT, CANCEL -> sb.payerKey();
            case REDO -> sb.state() == StorybookState.DONE ? null : sb.payerKey();
        };
        if (owner == null || chat.isPrivate() || owner.equals(user.key()) || ctx.port(chat).isAdministrator(chat, user)) {
            return Optional.empty();
        }
        String name = users.displayName(owner).orElse(null);
        return Optional.of(switch (action) {
            case DECLINE -> PermissionWording.onlyAsker(name);
            case RETRY -> PermissionWording.onlyClipPayer(name, owner.equals(sb.payerKey()));
            case MERGE_WITHOUT -> PermissionWording.onlyPayerMerges(name);
            case CANCEL -> PermissionWording.onlyPayerStops(name);
            default -> PermissionWording.onlyPayerChanges(name);
        });
    }
}
