/**
 * A provider installed from the test tree only ({@link io.storyreel.app.zoetrope.ZoetropeProviderFactory}, one line in
 * {@code META-INF/services/io.storyreel.core.provider.VideoProviderFactory}, capabilities in
 * {@code providers/zoetrope.yml}): the proof that adding a provider touches no core or adapter code.
 */
package io.storyreel.app.zoetrope;
