package io.storyreel.core.provider.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/** Sends a request and reads a (small) JSON answer, telling "never sent" apart from "outcome unknown". */
public final class JsonHttp {
    public static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final int MAX_BODY = 1 << 20;

    private final OkHttpClient client;
    private final ObjectMapper mapper;

    public JsonHttp(OkHttpClient client, ObjectMapper mapper) {
        this.client = client;
        this.mapper = mapper;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /**
     * A JSON body that OkHttp will not transparently resend after a connection failure: a create must never be
     * sent twice behind our back. It is written straight into the connection, never held whole: a create carries a
     * photo of a megabyte or more as base64, and a first pass into nothing counts its length.
     */
    public RequestBody oneShotJson(Object value) {
        long length;
        try {
            Counted counted = new Counted();
            mapper.writeValue(counted, value);
            length = counted.count;
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise request", e);
        }
        return new RequestBody() {
            @Override
            public MediaType contentType() {
                return JSON;
            }

            @Override
            public long contentLength() {
                return length;
            }

            @Override
            public void writeTo(okio.BufferedSink sink) throws IOException {
                // the writer closes what it writes to; the sink is OkHttp's to close
                mapper.writeValue(new FilterOutputStream(sink.outputStream()) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        flush();
                    }
                }, value);
            }

            @Override
            public boolean isOneShot() {
                return true;
            }
        };
    }

    /** Counts what is written to it and keeps none of it. */
    private static final class Counted extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    public JsonReply execute(Request request) throws SendFailure {
        return execute(request, MAX_BODY);
    }

    /**
     * As {@link #execute(Request)}, reading at most {@code maxBody} bytes of the answer (a provider that can put the
     * finished video itself, base64, into a JSON answer needs more than the usual megabyte).
     */
    public JsonReply execute(Request request, int maxBody) throws SendFailure {
        try (Response response = client.newCall(request).execute()) {
            ResponseBody body = response.body();
            JsonNode json = null;
            if (body != null) {
                json = parse(body.byteStream().readNBytes(maxBody));
            }
            return new JsonReply(response.code(), json, response.headers());
        } catch (IOException e) {
            throw new SendFailure(e, maybeSent(e));
        }
    }

    private JsonNode parse(byte[] bytes) {
        if (bytes.length == 0) {
            return null;
        }
        try {
            return mapper.readTree(bytes);
        } catch (IOException notJson) {
            return null;
        }
    }

    static boolean maybeSent(IOException e) {
        if (e instanceof ConnectException || e instanceof UnknownHostException || e instanceof NoRouteToHostException) {
            return false;
        }
        if (e instanceof SocketTimeoutException && e.getMessage() != null && e.getMessage().contains("connect")) {
            return false;
        }
        return true;
    }
}
