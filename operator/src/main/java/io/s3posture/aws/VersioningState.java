package io.s3posture.aws;

/** Versioning as S3 reports it; a bucket that was never versioned has no status at all. */
public record VersioningState(Status status, boolean mfaDelete) {

  public enum Status {
    ENABLED,
    SUSPENDED,
    NEVER_ENABLED
  }

  public static final VersioningState NEVER = new VersioningState(Status.NEVER_ENABLED, false);
}
