package io.s3posture.status;

/** The condition types the operator sets on its resources. */
public enum ConditionType {
  /** The last check ran; False when it could not (credentials, listing, internal error). */
  Ready,
  /** Every governed bucket (or the account) matches every managed control. */
  Compliant
}
