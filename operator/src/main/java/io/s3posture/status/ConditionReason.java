package io.s3posture.status;

/** Stable CamelCase condition reasons: part of the public API, never renamed. */
public enum ConditionReason {
  // Ready
  AllCompliant,
  DriftDetected,
  NeedsHuman,
  Conflict,
  ChecksFailed,
  NoBucketsSelected,
  EnforcementPaused,
  AwaitingApproval,
  NotChecked,
  // Synced
  CheckSucceeded,
  Checking,
  TargetsUnavailable,
  AwsCallFailed,
  InternalError
}
