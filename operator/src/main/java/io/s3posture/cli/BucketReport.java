package io.s3posture.cli;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Every check of one bucket.
 *
 * @param region where the bucket was checked; empty when it could not be located
 */
public record BucketReport(String bucket, Optional<String> region, List<CheckResult> checks) {

  public BucketReport {
    checks = List.copyOf(checks);
  }

  /** The bucket's status: its worst check's. */
  public CheckStatus status() {
    return checks.stream()
        .map(CheckResult::status)
        .max(Comparator.naturalOrder())
        .orElse(CheckStatus.PASS);
  }
}
