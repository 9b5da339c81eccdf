package io.s3posture.control;

import java.util.Objects;

/**
 * The result of one control on one bucket.
 *
 * @param drift what differed when the check started (NONE if compliant or unreadable)
 * @param reason stable CamelCase reason, e.g. DriftCorrected, AuditMode, AccessDenied
 * @param message what happened, for people
 * @param retrySoon a transient failure: check again with backoff rather than at the next resync
 */
public record ControlOutcome(
    ControlName control,
    OutcomeState state,
    Drift drift,
    String reason,
    String message,
    boolean retrySoon) {

  public ControlOutcome {
    Objects.requireNonNull(control, "control");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(drift, "drift");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }

  static ControlOutcome compliant(ControlName control) {
    return new ControlOutcome(control, OutcomeState.COMPLIANT, Drift.NONE, "Compliant", "", false);
  }
}
