package io.s3posture.reconciler;

import io.s3posture.testing.TestStack;

/**
 * One control exercised against moto: how to give a bucket drift, what the policy says, how the
 * bucket must look once corrected, and how someone changes it behind the operator's back.
 */
interface ControlScenario {

  String name();

  /** The body of spec.controls (YAML). */
  String controls(String bucket);

  /** How many managed controls {@link #controls} names (one GET each per check). */
  int managedControls();

  /** Creates the drift on an existing bucket (and anything it needs, such as other buckets). */
  void seedDrift(TestStack stack, String bucket);

  /** The corrected state, including settings the policy does not manage left untouched. */
  void assertCorrected(TestStack stack, String bucket);

  /** The drift is still there exactly as seeded (Audit mode). */
  void assertStillDrifted(TestStack stack, String bucket);

  /** An out-of-band change that undoes the correction. */
  void tamper(TestStack stack, String bucket);
}
