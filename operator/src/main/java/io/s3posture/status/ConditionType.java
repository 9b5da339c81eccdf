package io.s3posture.status;

/** The condition types the operator sets on its resources (the kstatus / Crossplane pair). */
public enum ConditionType {
  /** The declared state holds: every governed bucket (or the account) is compliant. */
  Ready,
  /** The checks run: False when they cannot (credentials, listing, internal error). */
  Synced
}
