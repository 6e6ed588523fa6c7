package io.storyreel.core.provider.http;

import io.storyreel.core.provider.Backoff;
import io.storyreel.core.provider.ProviderException;
import io.storyreel.core.provider.ProviderTaskRef;
import io.storyreel.core.provider.limits.RequestRate;
import okhttp3.Request;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Sends a paid create for a provider that has no idempotency key: at most once, unless what happened proves nothing
 * was made. A connection that was never made is tried again; an answer the provider's reader turns into a task ends
 * it; a refusal the reader marks as proof that nothing was made waits (Retry-After or the backoff) and tries again
 * while attempts last; any other refusal is thrown at once; a request that may have reached the provider without an
 * answer is the provider's {@code ambiguous} error, never sent again. Each attempt takes a token of the account's
 * request rate first.
 */
public final class CreateSender {
    /** What one create's answer proves, as the provider reads it. */
    public sealed interface Outcome {
        /** The provider made this task. */
        record Created(ProviderTaskRef task) implements Outcome {
        }

        /** The provider refused; {@code provenNotCreated} when the answer proves no task was made (may retry). */
        record Refused(ProviderException error, boolean provenNotCreated) implements Outcome {
        }
    }

    private final JsonHttp api;
    private final Retrier retrier;
    private final RequestRate rate;

    public CreateSender(JsonHttp api, Retrier retrier, RequestRate rate) {
        this.api = api;
        this.retrier = retrier;
        this.rate = rate;
    }

    /**
     * @param post        builds the request afresh for each attempt (a one-shot body is consumed by a send)
     * @param read        reads an answer; may throw (e.g. the provider's ambiguous error for a success it cannot use)
     * @param unreachable the error when the provider could not be reached at all, attempts spent
     * @param ambiguous   the error when the request may have been received but no answer came
     */
    public ProviderTaskRef send(String account, String providerName, Supplier<Request> post,
                                Function<JsonReply, Outcome> read, Function<SendFailure, ProviderException> unreachable,
                                Function<SendFailure, ProviderException> ambiguous) {
        Backoff backoff = retrier.backoff();
        for (int attempt = 1; ; attempt++) {
            rate.acquire(account, retrier::pause, providerName);
            JsonReply reply;
            try {
                reply = api.execute(post.get());
            } catch (SendFailure f) {
                if (f.maybeSent()) {
                    throw ambiguous.apply(f);
                }
                if (attempt >= backoff.maxAttempts()) {
                    throw unreachable.apply(f);
                }
                retrier.pause(backoff.delayAfter(attempt, null));
                continue;
            }
            Outcome outcome = read.apply(reply);
            if (outcome instanceof Outcome.Created created) {
                return created.task();
            }
            Outcome.Refused refused = (Outcome.Refused) outcome;
            if (!refused.provenNotCreated() || attempt >= backoff.maxAttempts()) {
                throw refused.error();
            }
            retrier.pause(backoff.delayAfter(attempt, refused.error().retryAfter().orElse(null)));
        }
    }
}
