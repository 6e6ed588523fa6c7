package io.storyreel.core.provider;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads the body a provider POSTs to its callback URL. The callback server knows no wire format: it hands the body
 * to the reader of the provider named in the path and does what the answer says. Nothing in a callback is trusted
 * beyond naming a task: the engine's poll that follows decides. A provider that signs its callbacks (fal) reads the
 * whole {@link Delivery}, headers and query included, and answers {@code Unreadable} for one that fails the check.
 */
@FunctionalInterface
public interface CallbackReader {
    /** A reader for a provider that sends no callbacks: every body is refused. */
    CallbackReader NONE = body -> new Callback.Unreadable();

    /** What a body means; {@code body} is at most the server's size cap. */
    Callback read(byte[] body);

    /** What one delivery means; by default what its body means (headers and query are for signed callbacks). */
    default Callback read(Delivery delivery) {
        return read(delivery.body());
    }

    /**
     * One callback as the server received it: the raw body (byte for byte, as a signature covers it), the headers
     * (names lower-case, each with its values in order) and the query string after {@code ?} (empty when none; the
     * server routes on the path alone).
     */
    record Delivery(byte[] body, Map<String, List<String>> headers, String query) {
        public Delivery {
            TreeMap<String, List<String>> h = new TreeMap<>();
            headers.forEach((k, v) -> h.merge(k.toLowerCase(Locale.ROOT), List.copyOf(v),
                    (a, b) -> Stream.concat(a.stream(), b.stream()).toList()));
            headers = Collections.unmodifiableMap(h);
            query = query == null ? "" : query;
        }

        /** A delivery of a body alone. */
        public static Delivery of(byte[] body) {
            return new Delivery(body, Map.of(), "");
        }

        /** The first value of a header (any case), or null. */
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        /** The first value of a query parameter (percent-decoded), or null. */
        public String queryParameter(String name) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String k = eq < 0 ? pair : pair.substring(0, eq);
                if (decode(k).equals(name)) {
                    return eq < 0 ? "" : decode(pair.substring(eq + 1));
                }
            }
            return null;
        }

        private static String decode(String s) {
            try {
                return URLDecoder.decode(s, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException malformed) {
                return "";
            }
        }
    }

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

        /** Not a body this provider sends (or one whose signature fails): answer 400. */
        record Unreadable() implements Callback {
        }
    }
}
