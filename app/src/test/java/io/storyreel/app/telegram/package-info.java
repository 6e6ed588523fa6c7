/**
 * End-to-end tests of the whole Telegram bot as users meet it: the real TelegramBots library long-polling the fake Bot
 * API, the real core conversation, the db-scheduler engine, the Kling client against the Kling simulator and the
 * JavaCV merger, all over HTTP on 127.0.0.1. {@link io.storyreel.app.telegram.TelegramStack} starts it all with a temp
 * data dir; the tests act as users through the fake server and read what they would see.
 */
package io.storyreel.app.telegram;
