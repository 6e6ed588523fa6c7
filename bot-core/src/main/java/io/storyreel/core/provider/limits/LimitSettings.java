package io.storyreel.core.provider.limits;

/**
 * {@code maxConcurrentTasks} per account (0 or less: no client-side limit); {@code requestsPerMinute} for create
 * calls per account (0 or less: none; MiniMax's documented limit is 5 on the global platform).
 */
public record LimitSettings(int maxConcurrentTasks, int requestsPerMinute) {
    public static LimitSettings unlimited() {
        return new LimitSettings(0, 0);
    }
}
