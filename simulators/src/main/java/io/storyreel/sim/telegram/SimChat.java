package io.storyreel.sim.telegram;

/**
 * A chat on the fake server. {@code type} is {@code private}, {@code group} or {@code supergroup} as in the Bot API;
 * group ids are negative (supergroups usually {@code -100…}).
 */
public record SimChat(long id, String type, String title) {
    public boolean isPrivate() {
        return "private".equals(type);
    }
}
