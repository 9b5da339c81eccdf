package io.s3posture.cli;

import java.util.Locale;

/** How one check of one bucket ended, from best to worst. */
public enum CheckStatus {
  PASS,
  /** It fails, but a suppression that has not expired accepts it (with reason and owner). */
  SUPPRESSED,
  FAIL,
  /** The check could not be evaluated (access denied, no such bucket, ...). */
  ERROR;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
