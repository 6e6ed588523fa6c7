package io.storyreel.discord;

import discord4j.core.object.component.ActionRow;
import discord4j.core.object.component.MessageComponent;
import discord4j.core.object.component.TopLevelMessageComponent;
import discord4j.core.spec.MessageCreateFields;
import discord4j.discordjson.json.AllowedMentionsData;
import discord4j.discordjson.json.ComponentData;
import io.storyreel.core.chat.Button;
import io.storyreel.core.chat.LongText;
import io.storyreel.core.chat.Mention;
import io.storyreel.core.chat.Message;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

/** Core's messages in Discord's shapes: the content, its buttons as components, an image as a file. */
final class DiscordMessages {
    private DiscordMessages() {
    }

    static String content(Message m) {
        return trim(m.text() == null ? "" : m.text());
    }

    /** Edits and captions cannot become several messages: trimmed with an ellipsis. */
    static String trim(String text) {
        return LongText.trim(text, DiscordChatPort.MAX_CONTENT);
    }

    /**
     * The caption with each mentioned name replaced by {@code <@id>} (Discord shows it as the member's name and
     * notifies them), trimmed to fit.
     */
    static String withMentions(String caption, List<Mention> mentions) {
        StringBuilder text = new StringBuilder(caption == null ? "" : caption);
        List<Mention> fitting = Mention.within(mentions, text.length()).stream()
                .sorted(java.util.Comparator.comparingInt(Mention::offset).reversed()).toList();
        int before = Integer.MAX_VALUE;
        for (Mention m : fitting) {
            if (m.end() <= before) {
                text.replace(m.offset(), m.end(), "<@" + m.userId() + ">");
                before = m.offset();
            }
        }
        return trim(text.toString());
    }

    /**
     * Exactly the mentioned users may be notified: nothing in a caption (a title reading "@everyone", a role) pings
     * anyone else.
     */
    static AllowedMentionsData onlyThese(List<Mention> mentions) {
        return AllowedMentionsData.builder().parse(List.of())
                .users(mentions == null ? List.of() : mentions.stream().map(Mention::userId).distinct().toList())
                .build();
    }

    static List<TopLevelMessageComponent> components(List<List<Button>> rows) {
        List<TopLevelMessageComponent> out = new ArrayList<>();
        for (List<Button> row : rows) {
            List<discord4j.core.object.component.Button> buttons = new ArrayList<>();
            for (Button b : row) {
                buttons.add(discord4j.core.object.component.Button.primary(b.data(), b.label()));
            }
            // Discord allows five buttons per row and five rows per message
            for (int i = 0; i < buttons.size() && out.size() < 5; i += 5) {
                out.add(ActionRow.of(buttons.subList(i, Math.min(i + 5, buttons.size()))));
            }
        }
        return out;
    }

    static List<ComponentData> componentData(List<List<Button>> rows) {
        return components(rows).stream().map(c -> ((MessageComponent) c).getData()).toList();
    }

    static List<MessageCreateFields.File> files(Message m) {
        return m.image() == null ? List.of()
                : List.of(MessageCreateFields.File.of(imageName(m.image()), new ByteArrayInputStream(m.image())));
    }

    static String imageName(byte[] image) {
        return image.length > 3 && (image[0] & 0xFF) == 0xFF && (image[1] & 0xFF) == 0xD8 ? "storyboard.jpg"
                : "storyboard.png";
    }
}
