package io.storyreel.core.conversation;

import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.ops.OpsSummary;

import java.util.Set;

/**
 * {@code /ops}: the operator's summary ({@link OpsSummary}, the same as {@code storyreel status}) for the users the
 * operator allow-listed ({@code ops.operators}), in a private chat only. Anyone else hears that there is no such
 * command, so the command gives nothing away; an operator who asks in a group is told to ask privately, because the
 * summary names other people's films and spend.
 */
final class OperatorCommands {
    private final ChatContext ctx;
    private final Set<String> operators;
    private final OpsSummary summary;

    OperatorCommands(ChatContext ctx, Set<String> operators, OpsSummary summary) {
        this.ctx = ctx;
        this.operators = Set.copyOf(operators);
        this.summary = summary;
    }

    void ops(ChatEvent.Command c) {
        if (summary == null || !operators.contains(c.user().key())) {
            ctx.refuse(c, Wording.unknownCommand(ctx.syntax(c.chat()), "ops"));
            return;
        }
        if (!c.chat().isPrivate()) {
            ctx.refuse(c, Wording.opsOnlyInPrivate());
            return;
        }
        ctx.reply(c, summary.read().text());
    }
}
