/**
 * The provider port ({@link io.storyreel.core.provider.VideoProvider}) and what every provider shares: the
 * {@link io.storyreel.core.provider.VideoProviderFactory} each provider registers (through {@code ServiceLoader}), the
 * {@link io.storyreel.core.provider.ProviderContext} a client is built from, capabilities, request validation and cost
 * estimates, the error taxonomy ({@link io.storyreel.core.provider.ErrorKind} for the engine,
 * {@link io.storyreel.core.provider.Problem} for the chat), callback reading, retry timing, and the
 * {@link io.storyreel.core.provider.ProviderDirectory} chat adapters draw their menus from. It knows no provider:
 * implementations live in their own packages, wire formats in their {@code internal} packages, and
 * {@code provider.registry} builds the installed providers from configuration.
 */
package io.storyreel.core.provider;
