package io.storyreel.core.generation;

/**
 * How a send of a film ended when the chat does not have it for sure (the chat's answer to a hand-over).
 * TOO_LARGE: the platform said the file is over its limit (Telegram 413, Discord 413 / 40005): the film is fitted
 * smaller. REFUSED: the platform refused this request (another 4xx, e.g. no right to post videos): sending the same
 * again would be refused again, so the chat is offered other ways at once. FAILED: the platform or the network
 * failed (5xx, no connection): sent again after a backoff. NO_ANSWER: the upload went out but no answer came (a
 * timeout, a dropped connection): the film may have arrived, so it is never sent again without a member's tap.
 */
public enum DeliveryFailure {
    TOO_LARGE, REFUSED, FAILED, NO_ANSWER
}
