package io.s3posture.api.v1alpha1;

/** Whether the operator may write to AWS to correct drift. */
public enum Mode {
  /** Observe, report and correct drift. */
  Enforce,
  /** Observe and report only; never write to AWS. */
  Audit
}
