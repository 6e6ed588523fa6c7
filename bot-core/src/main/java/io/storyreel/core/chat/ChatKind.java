package io.storyreel.core.chat;

/** Private chats hold one user's storybook; groups (Telegram groups, Discord channels) hold a shared one. */
public enum ChatKind { PRIVATE, GROUP }
