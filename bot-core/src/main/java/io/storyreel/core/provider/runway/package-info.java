/**
 * The Runway image-to-video client ({@link io.storyreel.core.provider.runway.RunwayProvider}), installed by
 * {@link io.storyreel.core.provider.runway.RunwayProviderFactory}: Bearer key and {@code X-Runway-Version}, the photo as
 * a data URI ({@code promptImage}, with first and last positions where the model takes a last frame), the ratio
 * of the film's shape (else nearest the photo's), task polling with {@code THROTTLED} reported as waiting for an
 * account slot, {@code failureCode} mapped to the error taxonomy, fresh output links before each download, DELETE on
 * cancel and the actual credits from {@code cost}. No callbacks; no idempotency key, so a create whose answer was lost is reported
 * as ambiguous, never sent again. Which models exist and what they take is the catalogue
 * ({@code providers/runway.yml}); wire DTOs live in {@code internal}. Follows {@code shared/specs/providers-next.md}
 * §1 only.
 */
package io.storyreel.core.provider.runway;
