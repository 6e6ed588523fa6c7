package io.storyreel.core.chat;

/** The chat platforms Storyreel talks to. */
public enum Platform { TELEGRAM, DISCORD }
