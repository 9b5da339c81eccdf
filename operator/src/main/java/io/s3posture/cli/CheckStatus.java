package io.s3posture.cli;

import java.util.Locale;

/** How one check of one bucket ended, from best to worst. */
public enum CheckStatus {
  PASS,
  /** It fails, but a suppression that has not expired accepts it (with reason and owner). */
  SUPPRESSED,
  /**
   * It would fail, but the store cannot show the setting (a check AWS can answer, run against moto
   * or an S3-compatible store): proves nothing either way, does not fail the run.
   */
  UNVERIFIABLE,
  FAIL,
  /** The check could not be evaluated (access denied, no such bucket, ...). */
  ERROR;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
