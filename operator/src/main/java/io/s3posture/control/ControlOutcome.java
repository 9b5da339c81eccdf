package io.s3posture.control;

import io.s3posture.aws.FailureKind;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of one control on one subject for one policy.
 *
 * @param drift what differed when the check started (NONE if compliant or unreadable)
 * @param failure the kind of the AWS failure, when an AWS call failed
 * @param message what happened, for people
 * @param retrySoon a transient failure: check again with backoff rather than at the next resync
 */
public record ControlOutcome(
    ControlName control,
    OutcomeState state,
    Drift drift,
    OutcomeReason reason,
    Optional<FailureKind> failure,
    String message,
    boolean retrySoon) {

  public ControlOutcome {
    Objects.requireNonNull(control, "control");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(drift, "drift");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(message, "message");
  }

  /** The reason as shown in status, events and metrics: the failure kind for failed calls. */
  public String reasonLabel() {
    return failure.map(FailureKind::reason).orElse(reason.name());
  }

  public static ControlOutcome compliant(ControlName control) {
    return new ControlOutcome(
        control,
        OutcomeState.COMPLIANT,
        Drift.NONE,
        OutcomeReason.Compliant,
        Optional.empty(),
        "",
        false);
  }
}
