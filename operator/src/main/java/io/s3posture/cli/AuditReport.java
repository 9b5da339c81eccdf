package io.s3posture.cli;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What one audit run found.
 *
 * @param posture what the buckets were checked against, e.g. "recommended baseline"
 * @param checks the checks of the posture, in the order the engine runs them
 * @param buckets sorted by name
 */
public record AuditReport(
    String posture,
    List<AuditCheck> checks,
    Optional<AccountReport> account,
    List<BucketReport> buckets) {

  public AuditReport {
    checks = List.copyOf(checks);
    buckets = List.copyOf(buckets);
  }

  /** Every check result: the account's first, then the buckets'. */
  public Stream<CheckResult> results() {
    return Stream.concat(
        account.stream().map(AccountReport::result),
        buckets.stream().flatMap(b -> b.checks().stream()));
  }
}
