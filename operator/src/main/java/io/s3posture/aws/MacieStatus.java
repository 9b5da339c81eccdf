package io.s3posture.aws;

/** Amazon Macie in the region (GetMacieSession). */
public enum MacieStatus {
  /** A session with status ENABLED. */
  ENABLED,
  /** A session with status PAUSED: no new jobs, no automated discovery. */
  PAUSED,
  /** Macie was never enabled, or was disabled, in the region. */
  NOT_ENABLED
}
