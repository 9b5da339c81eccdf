package io.s3posture.control;

/**
 * Why a control of a subject ended a check the way it did. Stable CamelCase names: public API in
 * status findings, events and metric labels. A failed AWS call carries its {@link
 * io.s3posture.aws.FailureKind} instead (see {@link ControlOutcome#reasonLabel()}).
 */
public enum OutcomeReason {
  Compliant,
  DriftCorrected,
  AuditMode,
  /** An active exemption covers the control. */
  Exempt,
  /** A guard rail paused the policy's writes. */
  EnforcementPaused,
  /** The policy's writes wait for a person to approve the plan. */
  AwaitingApproval,
  NeedsHuman,
  Conflict,
  DependencyNotMet,
  VerificationFailed,
  /** The write that would correct the drift is one the operator refuses to make. */
  WriteRefused,
  NotChecked,
  InternalError,
  /** An AWS call failed; the failure kind is the reason shown. */
  AwsCallFailed
}
