/**
 * Test doubles every test tree shares through the {@code bot-core} test-jar: one {@link
 * io.storyreel.core.testing.SettableClock} and one {@link io.storyreel.core.testing.FakeVideoProvider}. Tests in
 * {@code bot-core}, the adapters, the simulators and {@code app} use these instead of keeping their own.
 */
package io.storyreel.core.testing;
