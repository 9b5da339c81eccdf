package io.s3posture.api.v1alpha1;

/**
 * Why a control of a bucket is listed in status: it is not compliant after the last check (or it
 * is, and an exemption accepts it for now).
 */
public enum FindingState {
  /** Drift found and not corrected, because the control is in Audit mode. */
  Drifted,
  /** Reading or correcting the control failed; retried with backoff. */
  Failed,
  /** Drift that the operator cannot correct (e.g. MFA delete, public policy statements). */
  NeedsHuman,
  /** Another policy demands an incompatible value for the same control; neither writes it. */
  Conflict,
  /** Not compliant, and accepted until an exemption of spec.exemptions expires. */
  Exempt
}
