package io.s3posture.fleet;

import io.s3posture.control.ControlName;
import io.s3posture.control.OutcomeState;
import java.time.Instant;
import java.util.Objects;

/**
 * A control of a bucket that was not compliant at its last check.
 *
 * @param reason the outcome's reason label (e.g. AuditMode, AccessDenied)
 * @param since when this state began; a failed read in a drift episode keeps the episode's start
 * @param known the last state that was actually read (for a FAILED entry: the state before the
 *     failure, COMPLIANT if none); transitions are judged against it
 */
public record LedgerEntry(
    ControlName control,
    OutcomeState state,
    String reason,
    String expected,
    String observed,
    String message,
    Instant since,
    OutcomeState known) {

  public LedgerEntry {
    Objects.requireNonNull(control, "control");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(observed, "observed");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(known, "known");
  }
}
