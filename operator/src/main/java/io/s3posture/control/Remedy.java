package io.s3posture.control;

/** How a drifted field is corrected. */
public enum Remedy {
  /** Write the setting. */
  PUT,
  /** Remove a configuration (e.g. a website). */
  DELETE,
  /** The operator cannot correct it; a person must (e.g. MFA delete). */
  NOT_REMEDIABLE
}
