package io.storyreel.core.provider.kling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;

/**
 * Adds {@code Authorization: Bearer <jwt>} to every request tagged with {@link KlingKeys}. When Kling answers 401
 * with 1003 (not yet valid) or 1004 (expired), the token is re-minted and the request sent once more: an auth
 * refusal proves nothing was created, so even a create may be repeated here.
 */
final class KlingAuthInterceptor implements Interceptor {
    private final KlingTokens tokens;
    private final ObjectMapper mapper;

    KlingAuthInterceptor(KlingTokens tokens, ObjectMapper mapper) {
        this.tokens = tokens;
        this.mapper = mapper;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        KlingKeys keys = request.tag(KlingKeys.class);
        if (keys == null) {
            return chain.proceed(request);
        }
        String jwt = tokens.token(keys.accessKey(), keys.secretKey());
        Response response = chain.proceed(withToken(request, jwt));
        if (response.code() == 401 && isTokenTimeCode(response)) {
            response.close();
            tokens.invalidate(keys.accessKey(), keys.secretKey(), jwt);
            return chain.proceed(withToken(request, tokens.token(keys.accessKey(), keys.secretKey())));
        }
        return response;
    }

    private boolean isTokenTimeCode(Response response) {
        try {
            JsonNode body = mapper.readTree(response.peekBody(16 * 1024).bytes());
            int code = body == null || body.get("code") == null ? -1 : body.get("code").asInt(-1);
            return code == 1003 || code == 1004;
        } catch (IOException notJson) {
            return false;
        }
    }

    private static Request withToken(Request request, String jwt) {
        return request.newBuilder().header("Authorization", "Bearer " + jwt).build();
    }
}
