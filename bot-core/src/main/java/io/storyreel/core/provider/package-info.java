/**
 * The provider port ({@link io.storyreel.core.provider.VideoProvider}) and what every provider shares: capabilities
 * loaded from {@code providers/<id>.yml} (or an override file), request validation and cost estimates, the error
 * taxonomy, and {@link io.storyreel.core.provider.ProviderRegistry} that builds the clients from configuration.
 * Provider wire formats live in each provider's {@code internal} package and never appear here.
 */
package io.storyreel.core.provider;
