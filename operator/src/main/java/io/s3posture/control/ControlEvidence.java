package io.s3posture.control;

import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.aws.AwsFailure;
import io.s3posture.aws.FailureKind;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one check saw and did for one control of one subject, as one policy's requirement sees it.
 * Immutable: the outcome is a pure function of it ({@link OutcomeJudge}).
 *
 * @param mode the requirement's mode
 * @param exemption the exemption that covers the requirement, if one does
 * @param internalError an unexpected error of the operator's own, if one happened
 * @param notCheckedBecause the failure of an earlier read that ended the subject's check
 * @param readFailure the failure of this control's own read
 * @param before the drift from the requirement when the check started (NONE if not read)
 * @param after the drift from the requirement in the latest read (after a write: its read-back)
 * @param conflict the policies whose requirements could not be combined, when this one is among
 *     them
 * @param gateDecision what the guard rails said of this policy's writes (ALLOW when not asked)
 * @param refused why the operator must not make the write that would correct the drift
 * @param writeFailure the failure of the write or of its read-back
 * @param unmetDependency a control that had to be in place before this one could be written
 */
public record ControlEvidence(
    ControlName control,
    Mode mode,
    Optional<String> exemption,
    Optional<String> internalError,
    Optional<FailedCall> notCheckedBecause,
    Optional<FailedCall> readFailure,
    Drift before,
    Drift after,
    Optional<Conflict> conflict,
    WriteGate.Decision gateDecision,
    Optional<String> refused,
    Optional<FailedCall> writeFailure,
    Optional<UnmetDependency> unmetDependency) {

  public ControlEvidence {
    Objects.requireNonNull(control, "control");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(exemption, "exemption");
    Objects.requireNonNull(internalError, "internalError");
    Objects.requireNonNull(notCheckedBecause, "notCheckedBecause");
    Objects.requireNonNull(readFailure, "readFailure");
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(conflict, "conflict");
    Objects.requireNonNull(gateDecision, "gateDecision");
    Objects.requireNonNull(refused, "refused");
    Objects.requireNonNull(writeFailure, "writeFailure");
    Objects.requireNonNull(unmetDependency, "unmetDependency");
  }

  /** A failed AWS call, as a value. */
  public record FailedCall(FailureKind kind, String message) {
    public FailedCall {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(message, "message");
    }

    static FailedCall of(AwsFailure failure) {
      return new FailedCall(failure.kind(), String.valueOf(failure.getMessage()));
    }

    public boolean isTransient() {
      return kind.isTransient();
    }
  }

  /**
   * Requirements that no single value satisfies.
   *
   * @param policies the policies involved, the first one's value written when none was met
   * @param written whether that value was written (the subject satisfied none of them)
   */
  public record Conflict(List<PolicyRef> policies, boolean written) {
    public Conflict {
      policies = List.copyOf(policies);
    }
  }

  /** A control that must be in place first, and whether it failed transiently. */
  public record UnmetDependency(ControlName control, boolean transientFailure) {}

  /** Evidence of {@code control} under a requirement in {@code mode}, built field by field. */
  public static Builder of(ControlName control, Mode mode) {
    return new Builder(control, mode);
  }

  /** Collects what a check saw; nothing seen means compliant before and after. */
  public static final class Builder {
    private final ControlName control;
    private final Mode mode;
    private Optional<String> exemption = Optional.empty();
    private Optional<String> internalError = Optional.empty();
    private Optional<FailedCall> notCheckedBecause = Optional.empty();
    private Optional<FailedCall> readFailure = Optional.empty();
    private Drift before = Drift.NONE;
    private Drift after = Drift.NONE;
    private Optional<Conflict> conflict = Optional.empty();
    private WriteGate.Decision gateDecision = WriteGate.Decision.ALLOW;
    private Optional<String> refused = Optional.empty();
    private Optional<FailedCall> writeFailure = Optional.empty();
    private Optional<UnmetDependency> unmetDependency = Optional.empty();

    private Builder(ControlName control, Mode mode) {
      this.control = control;
      this.mode = mode;
    }

    public Builder exemption(Optional<String> value) {
      exemption = value;
      return this;
    }

    public Builder internalError(String value) {
      internalError = Optional.of(value);
      return this;
    }

    public Builder notCheckedBecause(FailedCall value) {
      notCheckedBecause = Optional.of(value);
      return this;
    }

    public Builder readFailure(FailedCall value) {
      readFailure = Optional.of(value);
      return this;
    }

    public Builder drift(Drift before, Drift after) {
      this.before = before;
      this.after = after;
      return this;
    }

    public Builder conflict(Conflict value) {
      conflict = Optional.of(value);
      return this;
    }

    public Builder gateDecision(WriteGate.Decision value) {
      gateDecision = value;
      return this;
    }

    public Builder refused(String value) {
      refused = Optional.of(value);
      return this;
    }

    public Builder writeFailure(FailedCall value) {
      writeFailure = Optional.of(value);
      return this;
    }

    public Builder unmetDependency(UnmetDependency value) {
      unmetDependency = Optional.of(value);
      return this;
    }

    public ControlEvidence build() {
      return new ControlEvidence(
          control,
          mode,
          exemption,
          internalError,
          notCheckedBecause,
          readFailure,
          before,
          after,
          conflict,
          gateDecision,
          refused,
          writeFailure,
          unmetDependency);
    }
  }
}
