/**
 * A faithful local MiniMax (Hailuo) video API, written from {@code shared/specs/providers.md} §2 alone (never from
 * the Storyreel client): Bearer key check (2049/1004 with HTTP 200), create with every documented validation (2013),
 * the 5-per-minute create limit (1002), clock-driven {@code Preparing → Queueing → Processing → Success|Fail},
 * {@code files/retrieve} with OSS-style signed {@code download_url} and {@code backup_download_url}, and real MP4s.
 * With {@code providers-next.md} §4.2/§6.4: {@code last_frame_image} only on {@code MiniMax-Hailuo-02} and not at 512P
 * (2013 otherwise), the clip then moving from the first frame to the last (cropped to the first frame's size).
 * Not simulated: MiniMax-H3 and its v2 API (the spec leaves its field names open). Start it with
 * {@link io.storyreel.sim.minimax.MiniMaxSimulator#start}.
 */
package io.storyreel.sim.minimax;
