package io.s3posture.cli;

import java.util.Locale;

/**
 * A bucket's overall result, judged with the run's --fail-on so that it agrees with the exit code:
 * a bucket fails only for what fails the run.
 */
public enum BucketStatus {
  /** Every check passed or is suppressed. */
  PASS,
  /** Only checks below --fail-on failed (advisory findings): the run is not failed for them. */
  WARN,
  /** A check at or above --fail-on failed. */
  FAIL,
  /** A check at or above --fail-on could not be evaluated. */
  ERROR;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
