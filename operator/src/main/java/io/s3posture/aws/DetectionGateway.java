package io.s3posture.aws;

import java.util.List;

/**
 * The account's detection services in one region, read-only: CloudTrail, AWS Config, GuardDuty and
 * Macie. "Not set up" is an answer (no trails, no recorder, no detector, {@link
 * MacieStatus#NOT_ENABLED}), never a failure; every failure is an {@link AwsFailure} with a
 * classified kind. No SDK type crosses this boundary.
 */
public interface DetectionGateway {

  /** The region this gateway reads. Data events of a bucket are logged in the bucket's region. */
  String region();

  /**
   * Every trail that applies to the region, shadow trails of multi-region and organization trails
   * included, each with its logging status and event selectors.
   */
  List<Trail> trails();

  /** The region's AWS Config recorders with their status; empty when there is none. */
  List<ConfigRecorder> configRecorders();

  /** The region's GuardDuty detectors (at most one per account and region); empty when none. */
  List<GuardDutyDetector> guardDutyDetectors();

  MacieStatus macie();
}
