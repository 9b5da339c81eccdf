package io.s3posture.control;

import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.aws.FailureKind;
import io.s3posture.control.ControlEvidence.FailedCall;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How a control ended a check, from what the check saw: a precedence table, read top to bottom,
 * whose first matching row decides. The order is public behaviour (docs/engine.md shows this table
 * and a test compares the two): a failure to read beats an exemption, an exemption beats Audit,
 * Audit beats a conflict, and so on. Pure.
 */
public final class OutcomeJudge {

  /**
   * One row of the table.
   *
   * @param when what the evidence shows, for people (docs/engine.md)
   * @param state the state a matching row ends in
   * @param reason the reason it gives (a failed call shows its failure kind instead)
   * @param drift the drift the outcome reports
   * @param failure the failed call the outcome reports, if any
   * @param message what happened, for people
   * @param retrySoon whether to check again soon (with backoff) rather than at the next resync
   */
  public record Row(
      String when,
      OutcomeState state,
      OutcomeReason reason,
      Predicate<ControlEvidence> matches,
      Function<ControlEvidence, Drift> drift,
      Function<ControlEvidence, Optional<FailedCall>> failure,
      Function<ControlEvidence, String> message,
      Predicate<ControlEvidence> retrySoon) {
    public Row {
      Objects.requireNonNull(when, "when");
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(matches, "matches");
      Objects.requireNonNull(drift, "drift");
      Objects.requireNonNull(failure, "failure");
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(retrySoon, "retrySoon");
    }

    ControlOutcome outcome(ControlEvidence e) {
      return new ControlOutcome(
          e.control(),
          state,
          drift.apply(e),
          reason,
          failure.apply(e).map(FailedCall::kind),
          message.apply(e),
          retrySoon.test(e));
    }
  }

  private static final List<Row> PRECEDENCE =
      List.of(
          failed(
              "the operator failed unexpectedly",
              OutcomeReason.InternalError,
              e -> e.internalError().isPresent(),
              e -> "unexpected error: " + e.internalError().get()),
          new Row(
              "an earlier read ended the check (the bucket is gone, AWS is unreachable)",
              OutcomeState.FAILED,
              OutcomeReason.NotChecked,
              e -> e.notCheckedBecause().isPresent(),
              e -> Drift.NONE,
              ControlEvidence::notCheckedBecause,
              e ->
                  e.notCheckedBecause().get().kind() == FailureKind.NO_SUCH_BUCKET
                      ? "not checked: the bucket does not exist"
                      : "not checked after " + e.notCheckedBecause().get().message(),
              e -> e.notCheckedBecause().get().isTransient()),
          failedCall(
              "the control could not be read",
              ControlEvidence::readFailure,
              e -> Drift.NONE,
              "could not read"),
          compliant("exempt, and compliant", e -> e.exemption().isPresent() && e.after().isNone()),
          reported(
              "exempt",
              OutcomeState.EXEMPT,
              OutcomeReason.Exempt,
              e -> e.exemption().isPresent(),
              e -> "exempt " + e.exemption().get()),
          compliant("Audit mode, and compliant", e -> e.mode() == Mode.Audit && e.after().isNone()),
          reported(
              "Audit mode",
              OutcomeState.DRIFTED,
              OutcomeReason.AuditMode,
              e -> e.mode() == Mode.Audit,
              e -> "reported only (Audit mode)"),
          reported(
              "its requirement conflicts with another policy's",
              OutcomeState.CONFLICT,
              OutcomeReason.Conflict,
              e -> e.conflict().isPresent(),
              OutcomeJudge::conflictMessage),
          compliant(
              "compliant when read and after the check",
              e -> e.before().isNone() && e.after().isNone()),
          reported(
              "the guard rails paused the policy's writes, drift remains",
              OutcomeState.DRIFTED,
              OutcomeReason.EnforcementPaused,
              e -> e.gateDecision() == WriteGate.Decision.PAUSED && e.after().hasRemediable(),
              e -> "not corrected: enforcement of this policy is paused"),
          reported(
              "the write waits for a person to approve the plan, drift remains",
              OutcomeState.DRIFTED,
              OutcomeReason.AwaitingApproval,
              e ->
                  e.gateDecision() == WriteGate.Decision.AWAITING_APPROVAL
                      && e.after().hasRemediable(),
              e -> "not corrected yet: the plan waits for approval"),
          failed(
              "the correcting write is one the operator must not make, drift remains",
              OutcomeReason.WriteRefused,
              e -> e.refused().isPresent() && e.after().hasRemediable(),
              e -> e.refused().get()),
          failedCall(
              "the write or its read-back failed",
              ControlEvidence::writeFailure,
              ControlEvidence::before,
              "correction failed"),
          new Row(
              "a control it depends on is not in place, drift remains",
              OutcomeState.FAILED,
              OutcomeReason.DependencyNotMet,
              e -> e.unmetDependency().isPresent() && e.after().hasRemediable(),
              ControlEvidence::before,
              e -> Optional.empty(),
              e ->
                  "not corrected: "
                      + e.unmetDependency().get().control()
                      + " must be compliant first",
              e -> e.unmetDependency().get().transientFailure()),
          new Row(
              "written, but the read-back still shows drift",
              OutcomeState.FAILED,
              OutcomeReason.VerificationFailed,
              e -> e.after().hasRemediable(),
              ControlEvidence::before,
              e -> Optional.empty(),
              e -> "corrected, but a read-back still shows " + e.after().remediable().observed(),
              e -> true),
          new Row(
              "what remains only a person can correct",
              OutcomeState.NEEDS_HUMAN,
              OutcomeReason.NeedsHuman,
              e -> e.after().hasNotRemediable(),
              ControlEvidence::before,
              e -> Optional.empty(),
              e -> "cannot be corrected by the operator: " + e.after().notRemediable().expected(),
              e -> false),
          new Row(
              "drift was corrected and the read-back shows it",
              OutcomeState.CORRECTED,
              OutcomeReason.DriftCorrected,
              e -> true,
              ControlEvidence::before,
              e -> Optional.empty(),
              e -> "corrected",
              e -> false));

  private OutcomeJudge() {}

  /** The table, top row first. */
  public static List<Row> precedence() {
    return PRECEDENCE;
  }

  /** The outcome of the first row that matches {@code evidence}. */
  public static ControlOutcome judge(ControlEvidence evidence) {
    return row(evidence).outcome(evidence);
  }

  /** The row that decides {@code evidence}. */
  public static Row row(ControlEvidence evidence) {
    return PRECEDENCE.stream()
        .filter(row -> row.matches().test(evidence))
        .findFirst()
        .orElseThrow(); // the last row matches everything
  }

  private static Row compliant(String when, Predicate<ControlEvidence> matches) {
    return new Row(
        when,
        OutcomeState.COMPLIANT,
        OutcomeReason.Compliant,
        matches,
        e -> Drift.NONE,
        e -> Optional.empty(),
        e -> "",
        e -> false);
  }

  /** Not compliant, and nothing to retry: the drift as it is after the check. */
  private static Row reported(
      String when,
      OutcomeState state,
      OutcomeReason reason,
      Predicate<ControlEvidence> matches,
      Function<ControlEvidence, String> message) {
    return new Row(
        when,
        state,
        reason,
        matches,
        ControlEvidence::after,
        e -> Optional.empty(),
        message,
        e -> false);
  }

  /** A failure of the operator's own (or a write it refuses): the drift when the check started. */
  private static Row failed(
      String when,
      OutcomeReason reason,
      Predicate<ControlEvidence> matches,
      Function<ControlEvidence, String> message) {
    return new Row(
        when,
        OutcomeState.FAILED,
        reason,
        matches,
        e -> e.internalError().isPresent() ? Drift.NONE : e.before(),
        e -> Optional.empty(),
        message,
        e -> false);
  }

  /** A failed AWS call: its kind is the reason shown; transient kinds are retried soon. */
  private static Row failedCall(
      String when,
      Function<ControlEvidence, Optional<FailedCall>> call,
      Function<ControlEvidence, Drift> drift,
      String what) {
    return new Row(
        when,
        OutcomeState.FAILED,
        OutcomeReason.AwsCallFailed,
        e -> call.apply(e).isPresent(),
        drift,
        call,
        e -> what + ": " + call.apply(e).get().message(),
        e -> call.apply(e).get().isTransient());
  }

  private static String conflictMessage(ControlEvidence e) {
    ControlEvidence.Conflict conflict = e.conflict().get();
    String ending =
        conflict.written()
            ? "; none was met, so " + conflict.policies().get(0) + "'s value was written"
            : e.after().isNone()
                ? "; the bucket keeps this policy's value, nothing is written"
                : "; the bucket keeps a value another of them accepts, nothing is written";
    return "policies "
        + conflict.policies().stream().map(PolicyRef::toString).sorted().toList()
        + " require incompatible "
        + e.control()
        + ending;
  }
}
