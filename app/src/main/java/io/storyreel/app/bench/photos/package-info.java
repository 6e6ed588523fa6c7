/**
 * {@code storyreel bench photos}: peak heap of one film made from large photos (six 49 MP PNGs by default) against
 * one made from small ones, both through the demo's machinery (provider simulator, fake Telegram Bot API, the real
 * bot, engine and merge in this process), the photos sent as files so Telegram's own downscaling does not hide the
 * cost of decoding them.
 */
package io.storyreel.app.bench.photos;
