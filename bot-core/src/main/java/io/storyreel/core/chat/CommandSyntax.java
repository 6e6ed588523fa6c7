package io.storyreel.core.chat;

/**
 * How users of one platform write the bot's commands and do the few things every platform does its own way. Each
 * adapter implements it from the {@link CommandCatalog} it also registers with its platform, so the forms named in
 * the bot's sentences are the ones the platform accepts (Telegram {@code /remove 2}, Discord
 * {@code /story remove scene:2}); core's wording asks it and writes the sentences. Returned by
 * {@link ChatPort#syntax()}.
 */
public interface CommandSyntax {
    /**
     * The command {@code name} as a user types it, with {@code values} for its arguments in catalogue order (a value
     * may be a placeholder such as {@code N}; arguments without a value are left out). A name the catalogue does not
     * know is written as a bare {@code /name}.
     */
    String command(String name, String... values);

    /** The command with a placeholder for every argument it takes, optional ones marked, e.g. {@code /new [title]}. */
    String usage(String name);

    /** True when the platform offers this command (some exist only where the platform needs them). */
    boolean offers(String name);

    /** Users send a photo as a chat message whose caption is its prompt (else: only through a command). */
    boolean photosInMessages();

    /** Users can answer one of the bot's messages with a text reply, which the bot reads as that answer. */
    boolean repliesToMessages();

    /** Keys are typed into a form only the member sees (else: typed as a command in a private chat with the bot). */
    boolean keysInForm();
}
