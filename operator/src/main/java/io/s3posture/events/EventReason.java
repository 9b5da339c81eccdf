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
  CheckFailed(false),
  /** A bucket control is covered by an exemption (not corrected, not counted). */
  Exempted(true),
  /** An exemption expired: the controls it covered are enforced again. */
  ExemptionExpired(true),
  /** A guard rail paused the policy's writes (too many changes, too many failed corrections). */
  EnforcementPaused(false),
  /** A person resumed the policy's writes. */
  EnforcementResumed(true),
  /** An organization's member accounts changed: accounts joined or left the AccountPolicy. */
  MembersChanged(true),
  /** A plan of writes waits for a person's approval (approval: Manual). */
  PlanReady(true),
  /** An approved plan is being applied. */
  PlanApproved(true),
  /** An approval named a plan that is not the current one: nothing was applied. */
  PlanApprovalRejected(false);

  private final boolean normal;

  EventReason(boolean normal) {
    this.normal = normal;
  }

  /** "Normal" or "Warning": Warning only for what needs action. */
  public String type() {
    return normal ? "Normal" : "Warning";
  }
}
