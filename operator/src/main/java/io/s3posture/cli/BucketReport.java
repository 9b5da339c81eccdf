package io.s3posture.cli;

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

  /** The bucket's result at {@code failOn}: it fails only for what fails the run. */
  public BucketStatus status(FailOn failOn) {
    if (checks.stream().anyMatch(r -> r.status() == CheckStatus.ERROR && r.failsAt(failOn))) {
      return BucketStatus.ERROR;
    }
    if (checks.stream().anyMatch(r -> r.failsAt(failOn))) {
      return BucketStatus.FAIL;
    }
    if (checks.stream()
        .anyMatch(r -> r.status() == CheckStatus.FAIL || r.status() == CheckStatus.ERROR)) {
      return BucketStatus.WARN;
    }
    return BucketStatus.PASS;
  }
}
