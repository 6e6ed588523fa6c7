package io.storyreel.core.provider.kling;

/** The key pair of one request, carried as an OkHttp request tag to the auth interceptor. Never printed. */
record KlingKeys(String accessKey, String secretKey) {
    @Override
    public String toString() {
        return "KlingKeys(hidden)";
    }
}
