package io.s3posture.status;

/**
 * The condition types the operator sets on its resources: Ready and Synced (the Crossplane pair),
 * and kstatus's abnormal-true Reconciling and Stalled, present only while True (see {@link
 * PolicyHealth}).
 */
public enum ConditionType {
  /**
   * The policy holds as declared: every bucket it enforces is compliant, and what it only audits is
   * reported.
   */
  Ready,
  /** The checks run: False when they cannot (credentials, listing, internal error). */
  Synced,
  /** Checks or retries under way will change the state without anyone. */
  Reconciling,
  /** Nothing changes until a person acts. */
  Stalled
}
