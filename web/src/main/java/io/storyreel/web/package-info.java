/**
 * The storyboard page: a small web server the bot process runs (Javalin, server-rendered jte templates, htmx with its
 * SSE extension and SortableJS from WebJars). It signs people in without passwords (a one-time link from
 * {@code /web}, or a Telegram Mini App's signed {@code initData}), shows the chat's storybook, and hands every change
 * to core's {@link io.storyreel.core.storyboard.Storyboard}: no rule of the bot lives here.
 */
package io.storyreel.web;
