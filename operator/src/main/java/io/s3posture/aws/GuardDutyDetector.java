package io.s3posture.aws;

import java.util.Objects;

/**
 * The region's GuardDuty detector (ListDetectors, GetDetector).
 *
 * @param enabled the detector's status is ENABLED
 * @param s3Protection S3 protection is on: the feature S3_DATA_EVENTS is ENABLED, or, for a
 *     detector that reports no features, the older dataSources.s3Logs is ENABLED
 */
public record GuardDutyDetector(String id, boolean enabled, boolean s3Protection) {

  public GuardDutyDetector {
    Objects.requireNonNull(id, "id");
  }

  /** Enabled with S3 protection on. */
  public boolean protectsS3() {
    return enabled && s3Protection;
  }
}
