package io.s3posture.status;

/** Stable CamelCase condition reasons: part of the public API, never renamed. */
public enum ConditionReason {
  // Ready
  CheckSucceeded,
  TargetsUnavailable,
  AwsCallFailed,
  InternalError,
  // Compliant
  NotChecked,
  AllCompliant,
  NoBucketsGoverned,
  DriftDetected,
  NeedsHuman,
  Conflict,
  ChecksFailed
}
