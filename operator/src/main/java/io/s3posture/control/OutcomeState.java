package io.s3posture.control;

/** How a control of a bucket ended a check, from best to worst. */
public enum OutcomeState {
  COMPLIANT,
  CORRECTED,
  /** Not compliant, and accepted by an active exemption: neither corrected nor counted. */
  EXEMPT,
  DRIFTED,
  NEEDS_HUMAN,
  CONFLICT,
  FAILED;

  /** Compliant at the end of the check (possibly after a correction). */
  public boolean isCompliant() {
    return this == COMPLIANT || this == CORRECTED;
  }
}
