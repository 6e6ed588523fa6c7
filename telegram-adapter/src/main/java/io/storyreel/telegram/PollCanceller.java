package io.storyreel.telegram;

import okhttp3.Call;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets the bot stop a long poll that is waiting on Telegram (up to 50 s) without TelegramBots logging the
 * cancellation as an error. The polling client runs each {@code getUpdates} as an inner call of the plain client;
 * {@link #close()} cancels those inner calls and the outer call answers "no updates", which the library takes calmly
 * (its poller is already cancelled, so nothing polls again). Before closing, failures pass through untouched, so real
 * polling errors are still logged.
 */
final class PollCanceller implements Interceptor, AutoCloseable {
    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient inner;
    private final Set<Call> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    PollCanceller(OkHttpClient inner) {
        this.inner = inner;
    }

    /**
     * A client for the polling application: {@code inner}'s settings with this interceptor alone; {@code inner}'s own
     * interceptors run once, on the inner call.
     */
    OkHttpClient pollingClient() {
        OkHttpClient.Builder b = inner.newBuilder();
        b.interceptors().clear();
        return b.addInterceptor(this).build();
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        if (closed) {
            return noUpdates(chain);
        }
        Call call = inner.newCall(chain.request());
        inFlight.add(call);
        try {
            if (closed) {
                call.cancel();
            }
            return call.execute();
        } catch (IOException e) {
            if (closed) {
                return noUpdates(chain);
            }
            throw e;
        } finally {
            inFlight.remove(call);
        }
    }

    private static Response noUpdates(Chain chain) {
        return new Response.Builder().request(chain.request()).protocol(Protocol.HTTP_1_1).code(200).message("OK")
                .body(ResponseBody.create("{\"ok\":true,\"result\":[]}", JSON)).build();
    }

    /** Ends every poll in flight now, and any later one at once. */
    @Override
    public void close() {
        closed = true;
        inFlight.forEach(Call::cancel);
    }
}
