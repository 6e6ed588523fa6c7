package io.storyreel.core.conversation;

import io.storyreel.core.chat.ChatKind;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.Mention;
import io.storyreel.core.generation.GenerationListener;
import io.storyreel.core.storybook.Scene;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who the finished film should notify in a group: each member who made a scene and each who paid, found where the
 * caption names them ("Scenes by …", "… paid by …"), so the mention is the name the chat already reads. A private chat
 * has nobody else to tell, and a name the caption does not show is left out rather than guessed at.
 */
final class FilmMentions {
    private static final String SCENES_BY = "\nScenes by ";

    private FilmMentions() {
    }

    static List<Mention> in(ChatRef chat, String caption, List<Scene> scenes, List<GenerationListener.Payment> payments) {
        if (chat.kind() != ChatKind.GROUP || caption == null) {
            return List.of();
        }
        String prefix = chat.platform() + ":";
        List<Mention> out = new ArrayList<>();
        int scenesAt = caption.indexOf(SCENES_BY);
        if (scenesAt >= 0) {
            Map<String, String> makers = new LinkedHashMap<>();
            for (Scene s : scenes) {
                if (s.contributor() != null && s.contributorKey() != null) {
                    makers.putIfAbsent(s.contributor(), s.contributorKey());
                }
            }
            int cursor = scenesAt + SCENES_BY.length();
            int lineEnd = lineEnd(caption, cursor);
            for (Map.Entry<String, String> maker : makers.entrySet()) {
                cursor = mention(caption, cursor, lineEnd, maker.getKey(), maker.getValue(), prefix, out);
            }
        }
        int paidAt = caption.indexOf(" paid by ", scenesAt < 0 ? 0 : scenesAt);
        if (paidAt >= 0 && payments != null) {
            int cursor = paidAt;
            int lineEnd = lineEnd(caption, cursor);
            for (GenerationListener.Payment p : payments) {
                if (p.name() != null && p.payerKey() != null) {
                    cursor = mention(caption, cursor, lineEnd, p.name(), p.payerKey(), prefix, out);
                }
            }
        }
        return List.copyOf(out);
    }

    /** Marks {@code name} at its next place in [{@code from}, {@code to}); the cursor moves past it when found. */
    private static int mention(String caption, int from, int to, String name, String key, String prefix,
                               List<Mention> out) {
        int at = caption.indexOf(name, from);
        if (at < 0 || at + name.length() > to || !key.startsWith(prefix) || name.isEmpty()) {
            return from;
        }
        out.add(new Mention(at, name.length(), key.substring(prefix.length())));
        return at + name.length();
    }

    private static int lineEnd(String caption, int from) {
        int nl = caption.indexOf('\n', from);
        return nl < 0 ? caption.length() : nl;
    }
}
