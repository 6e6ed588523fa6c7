package io.storyreel.core.conversation;

import io.storyreel.core.chat.Button;
import io.storyreel.core.chat.ChatDeliveryException;
import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.ChatKind;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.Message;
import io.storyreel.core.chat.Platform;

/**
 * {@code web}: a one-time link to this chat's storyboard page, for the member who asked and nobody else. It is an
 * answer only they see: ephemeral on Discord, the private chat itself on Telegram, and from a Telegram group (where
 * every answer is seen by everyone) a message in the member's private chat with the bot.
 */
final class WebCommand {
    private final ChatContext ctx;
    private final WebLinks links;

    /** @param links null when the page is off */
    WebCommand(ChatContext ctx, WebLinks links) {
        this.ctx = ctx;
        this.links = links;
    }

    void link(ChatEvent.Command c) {
        if (links == null) {
            ctx.refuse(c, WebWording.off());
            return;
        }
        long minutes = Math.max(1, links.lifetime().toMinutes());
        if (c.chat().platform() == Platform.TELEGRAM && !c.chat().isPrivate()) {
            ChatRef dm = new ChatRef(Platform.TELEGRAM, c.user().userId(), ChatKind.PRIVATE);
            try {
                ctx.say(dm, Message.text(WebWording.link(links.issue(c.chat(), c.user()), minutes, true)));
            } catch (ChatDeliveryException e) {
                ctx.refuse(c, WebWording.startPrivateFirst());
                return;
            }
            // with an https page, the group also gets a button that opens the group's storyboard as a Mini App
            Message sent = Message.text(WebWording.sentPrivately(c.user().displayName()));
            ctx.say(c.chat(), links.startParam(c.chat())
                    .map(p -> sent.withButtons(java.util.List.of(java.util.List.of(Button.openPage(WebWording.openPage(), p)))))
                    .orElse(sent).replyingTo(c.source()));
            return;
        }
        ctx.refuse(c, WebWording.link(links.issue(c.chat(), c.user()), minutes, false));
    }
}
