package io.s3posture.cli;

import io.s3posture.control.Severity;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counts for the end of a report.
 *
 * @param bucketsByStatus buckets by their status at the run's --fail-on
 * @param checksByStatus every check result (the account's included) by status
 * @param failuresBySeverity failing checks by severity (errors are counted apart, by status)
 */
public record AuditSummary(
    int buckets,
    Map<BucketStatus, Integer> bucketsByStatus,
    Map<CheckStatus, Integer> checksByStatus,
    Map<Severity, Integer> failuresBySeverity) {

  public static AuditSummary of(AuditReport report, FailOn failOn) {
    Map<BucketStatus, Integer> buckets = zeros(BucketStatus.class);
    report.buckets().forEach(b -> buckets.merge(b.status(failOn), 1, Integer::sum));
    Map<CheckStatus, Integer> checks = zeros(CheckStatus.class);
    Map<Severity, Integer> failures = zeros(Severity.class);
    report
        .results()
        .forEach(
            result -> {
              checks.merge(result.status(), 1, Integer::sum);
              if (result.status() == CheckStatus.FAIL) {
                failures.merge(result.severity(), 1, Integer::sum);
              }
            });
    return new AuditSummary(report.buckets().size(), buckets, checks, failures);
  }

  private static <E extends Enum<E>> Map<E, Integer> zeros(Class<E> type) {
    Map<E, Integer> counts = new EnumMap<>(type);
    for (E value : type.getEnumConstants()) {
      counts.put(value, 0);
    }
    return counts;
  }

  public int checks() {
    return checksByStatus.values().stream().mapToInt(Integer::intValue).sum();
  }
}
