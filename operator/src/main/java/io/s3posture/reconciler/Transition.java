package io.s3posture.reconciler;

import io.s3posture.control.ControlOutcome;
import io.s3posture.control.OutcomeState;

/**
 * A bucket control whose outcome differs from the last check's in a way worth an event.
 *
 * @param previous the state at the last check (COMPLIANT if it was not recorded)
 */
public record Transition(String bucket, ControlOutcome outcome, OutcomeState previous) {}
