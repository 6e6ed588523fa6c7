package io.storyreel.sim.telegram;

/** One inline keyboard button as the bot sent it. */
public record SimButton(String text, String callbackData, String url) {
}
