/**
 * A faithful local MiniMax (Hailuo) video API, written from {@code shared/specs/providers.md} §2 alone (never from
 * the Storyreel client): Bearer key check (2049/1004 with HTTP 200), create with every documented validation (2013),
 * the 5-per-minute create limit (1002), clock-driven {@code Preparing → Queueing → Processing → Success|Fail},
 * {@code files/retrieve} with OSS-style signed {@code download_url} and {@code backup_download_url}, and real MP4s.
 * Start it with {@link io.storyreel.sim.minimax.MiniMaxSimulator#start}.
 */
package io.storyreel.sim.minimax;
