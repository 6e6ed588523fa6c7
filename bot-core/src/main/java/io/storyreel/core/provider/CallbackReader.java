package io.storyreel.core.provider;

/**
 * Reads the body a provider POSTs to its callback URL. The callback server knows no wire format: it hands the body
 * to the reader of the provider named in the path and does what the answer says. Nothing in a callback is trusted
 * beyond naming a task: the engine's poll that follows decides.
 */
@FunctionalInterface
public interface CallbackReader {
    /** A reader for a provider that sends no callbacks: every body is refused. */
    CallbackReader NONE = body -> new Callback.Unreadable();

    /** What a body means; {@code body} is at most the server's size cap. */
    Callback read(byte[] body);

    /** The meaning of one callback body. */
    sealed interface Callback {
        /** A verification handshake: answer 200 with {@code answerJson} and do nothing else. */
        record Challenge(String answerJson) implements Callback {
        }

        /** The task's status changed: answer 200 and have the engine poll {@code taskId} soon. */
        record TaskChanged(String taskId) implements Callback {
        }

        /** A well-formed body that names no task: answer 200, nothing to do. */
        record NoTask() implements Callback {
        }

        /** Not a body this provider sends: answer 400. */
        record Unreadable() implements Callback {
        }
    }
}
