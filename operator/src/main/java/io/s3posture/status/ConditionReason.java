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
  /**
   * Compliant when last checked, but some buckets were last checked more than two resync intervals
   * ago: not claimed compliant now (status Unknown) until they are checked again.
   */
  EvidenceStale,
  // Synced
  CheckSucceeded,
  Checking,
  TargetsUnavailable,
  AwsCallFailed,
  InternalError
}
