package io.storyreel.core.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.mockwebserver.RecordedRequest;

import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compares the JSON a client sent with a snapshot stored next to the test class (parsed, so key order and spacing
 * do not matter, but every field, type and value does: {@code "5"} is not {@code 5}).
 */
public final class RequestSnapshots {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RequestSnapshots() {
    }

    public static void assertBodyMatches(Class<?> testClass, String snapshot, RecordedRequest request)
            throws IOException {
        JsonNode sent = JSON.readTree(request.getBody().readUtf8());
        try (InputStream in = testClass.getResourceAsStream(snapshot)) {
            assertThat(in).as("snapshot %s next to %s", snapshot, testClass.getSimpleName()).isNotNull();
            JsonNode expected = JSON.readTree(in);
            assertThat(sent).as("request body vs snapshot %s", snapshot).isEqualTo(expected);
        }
    }
}
