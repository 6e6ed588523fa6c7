/**
 * Every file the bot fetches from a link it was handed (a provider's finished clip, a Telegram file, a Discord
 * attachment) goes through {@link io.storyreel.core.download.SafeDownloader}: https only, except to the services the
 * operator configured; no loopback, link-local, private or cloud-metadata address unless it is one of those services;
 * every redirect checked again; a byte cap per call; one deadline for the whole download; a free-space check before
 * writing; and no partial file left behind. It knows nothing of providers or chat platforms.
 */
package io.storyreel.core.download;
