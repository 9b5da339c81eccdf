package io.s3posture.events;

/** Kubernetes event reasons: stable CamelCase names, part of the public API. */
public enum EventReason {
  /** A control drifted and was left as is (Audit mode). */
  DriftDetected(false),
  /** A drifted control was corrected and verified. */
  DriftCorrected(true),
  /** Reading or correcting a control failed. */
  RemediationFailed(false),
  /** Drift the operator cannot correct: a person must act. */
  NeedsHuman(false),
  /** Two policies require incompatible values of the same control; neither writes it. */
  Conflict(false),
  /**
   * A control that was drifted, failing, conflicting or waiting for a person is compliant again.
   */
  Recovered(true),
  /** The policy could not be checked at all (credentials, listing, internal error). */
  CheckFailed(false);

  private final boolean normal;

  EventReason(boolean normal) {
    this.normal = normal;
  }

  /** "Normal" or "Warning": Warning only for what needs action. */
  public String type() {
    return normal ? "Normal" : "Warning";
  }
}
