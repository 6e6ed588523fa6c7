package io.storyreel.discord;

import io.storyreel.core.download.SafeDownloader;
import java.io.IOException;

/**
 * Fetches a user's attachment from the CDN right when the interaction arrives: Discord's CDN links are signed and
 * expire, so core gets the bytes, never the URL. The fetch goes through the {@link SafeDownloader}: https to a public
 * address (or the configured Discord host), every redirect checked, at most {@code maxBytes} whatever the CDN
 * announces, within the download deadline.
 */
final class AttachmentDownloader {
    private final SafeDownloader downloads;
    private final long maxBytes;

    AttachmentDownloader(SafeDownloader downloads, long maxBytes) {
        this.downloads = downloads;
        this.maxBytes = maxBytes;
    }

    /** Attachments declared larger than this are refused before any download. */
    long maxBytes() {
        return maxBytes;
    }

    byte[] download(String url) throws IOException {
        return downloads.fetch(url, maxBytes);
    }
}
