package io.s3posture.metrics;

import io.s3posture.control.OutcomeState;
import java.time.Instant;
import java.util.Optional;

/**
 * A change of one bucket control's state, as metrics count it.
 *
 * @param since when the previous not-compliant state began, if there was one
 */
public record CheckTransition(
    String control, OutcomeState to, String reason, Optional<Instant> since) {}
