package io.s3posture.api.v1alpha1;

/** Whether the operator may write to AWS to correct drift. */
public enum Mode {
  /** Observe, report and correct drift. */
  Enforce,
  /** Observe and report only; never write to AWS. */
  Audit;

  /** The mode of a policy that names none: the CRDs' default, and the operator's and CLI's. */
  public static final String DEFAULT = "Enforce";

  /** {@code declared}, or the default when a policy names none (a manifest not yet defaulted). */
  public static Mode orDefault(Mode declared) {
    return declared != null ? declared : valueOf(DEFAULT);
  }
}
