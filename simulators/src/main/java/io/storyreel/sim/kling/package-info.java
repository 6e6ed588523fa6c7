/**
 * A faithful local Kling API, written from {@code shared/specs/providers.md} §1 alone (never from the Storyreel
 * client): JWT checks with the documented 100x codes, image-to-video create/query/list with every documented
 * validation and leniency, the §1.6 HTTP status table, clock-driven {@code submitted → processing → succeed|failed},
 * {@code final_unit_deduction} from the price table, and real MP4 results at CDN-like URLs. With the additions of
 * {@code providers-next.md} §4.1/§6.4: the {@code image_tail} matrix (v1 5 s, v1.5/v1.6 pro including end-frame-only,
 * v2.1 and v2.5-turbo pro, v2.6 pro silent only, v3 always; master models never), refused with 400/1201 (synchronous
 * rejection is the simulator's choice, UNKNOWN in the spec); {@code sound} on v2.6 pro and v3 only; v3 durations
 * "3"–"15"; and a clip given {@code image} and {@code image_tail} moves from one to the other (its last frame is the
 * end image; an end frame alone makes a clip that starts and ends on it). Not simulated: {@code kling-v4} (not on
 * the first-party API), the omni endpoint, v3's 4K mode. Start it with
 * {@link io.storyreel.sim.kling.KlingSimulator#start}.
 */
package io.storyreel.sim.kling;
