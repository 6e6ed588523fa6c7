package io.storyreel.telegram;

import io.storyreel.core.chat.Platform;
import io.storyreel.core.metrics.StoryreelMetrics;
import okhttp3.Interceptor;
import okhttp3.Response;

import java.io.IOException;
import java.util.Locale;

/**
 * Counts every Bot API call the bot makes (sends, edits, uploads, long polls) by its answer, 429s included, and
 * remembers whether the last long poll was answered: the adapter is "receiving" while it was. An OkHttp application
 * interceptor on the one client all calls share, so no call path is missed.
 */
final class ApiCallMeter implements Interceptor {
    private final StoryreelMetrics metrics;
    private volatile boolean lastPollAnswered = true;

    ApiCallMeter(StoryreelMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        boolean poll = chain.request().url().encodedPath().toLowerCase(Locale.ROOT).endsWith("/getupdates");
        try {
            Response r = chain.proceed(chain.request());
            metrics.chatCall(Platform.TELEGRAM, r.code());
            if (poll) {
                lastPollAnswered = r.isSuccessful();
            }
            return r;
        } catch (IOException e) {
            if (!chain.call().isCanceled()) {
                metrics.chatCall(Platform.TELEGRAM, 0);
                if (poll) {
                    lastPollAnswered = false;
                }
            }
            throw e;
        }
    }

    /** False after a long poll failed (Telegram unreachable, token revoked), until one is answered again. */
    boolean lastPollAnswered() {
        return lastPollAnswered;
    }
}
