/**
 * A faithful local Kling API, written from {@code shared/specs/providers.md} §1 alone (never from the Storyreel
 * client): JWT checks with the documented 100x codes, image-to-video create/query/list with every documented
 * validation and leniency, the §1.6 HTTP status table, clock-driven {@code submitted → processing → succeed|failed},
 * {@code final_unit_deduction} from the price table, and real MP4 results at CDN-like URLs. Start it with
 * {@link io.storyreel.sim.kling.KlingSimulator#start}.
 */
package io.storyreel.sim.kling;
