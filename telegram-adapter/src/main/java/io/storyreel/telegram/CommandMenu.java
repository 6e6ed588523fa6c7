package io.storyreel.telegram;

import io.storyreel.core.chat.CommandCatalog;
import io.storyreel.core.chat.Platform;
import org.telegram.telegrambots.meta.api.methods.commands.SetMyCommands;
import org.telegram.telegrambots.meta.api.objects.commands.BotCommand;
import org.telegram.telegrambots.meta.api.objects.commands.scope.BotCommandScopeAllGroupChats;
import org.telegram.telegrambots.meta.api.objects.commands.scope.BotCommandScopeAllPrivateChats;
import org.telegram.telegrambots.meta.api.objects.commands.scope.BotCommandScopeDefault;

import java.util.List;

/**
 * The catalogue as Telegram's command menu ({@code setMyCommands}): the commands Telegram offers that are typed
 * (photos come as messages, so commands that carry photos are left out), one menu for private chats and one for
 * groups, where commands that take keys are left out because everyone reads what is typed there. The default scope
 * gets the group menu, the safe one.
 */
final class CommandMenu {
    private final CommandCatalog catalog;

    CommandMenu(CommandCatalog catalog) {
        this.catalog = catalog;
    }

    List<BotCommand> privateChats() {
        return commands(false);
    }

    List<BotCommand> groups() {
        return commands(true);
    }

    /** The three registrations: default, all private chats, all group chats. */
    List<SetMyCommands> registrations() {
        return List.of(
                SetMyCommands.builder().commands(groups()).scope(new BotCommandScopeDefault()).build(),
                SetMyCommands.builder().commands(privateChats()).scope(new BotCommandScopeAllPrivateChats()).build(),
                SetMyCommands.builder().commands(groups()).scope(new BotCommandScopeAllGroupChats()).build());
    }

    private List<BotCommand> commands(boolean group) {
        return catalog.on(Platform.TELEGRAM).stream()
                .filter(c -> c.topic() != CommandCatalog.Topic.OPERATOR)
                .filter(c -> !c.takesPhotos() && !(group && c.takesSecrets()))
                .map(c -> new BotCommand(c.name(), c.description()))
                .toList();
    }
}
