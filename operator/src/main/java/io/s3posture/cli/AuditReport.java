package io.s3posture.cli;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * What one audit run found.
 *
 * @param posture what the buckets were checked against, e.g. "recommended baseline"
 * @param checks the checks of the posture, in the order the engine runs them
 * @param buckets sorted by name
 * @param error why the run could not check anything (e.g. listing the buckets failed)
 */
public record AuditReport(
    String posture,
    List<AuditCheck> checks,
    Optional<AccountReport> account,
    List<BucketReport> buckets,
    Optional<RunError> error) {

  /**
   * A failure of the whole run.
   *
   * @param reason stable CamelCase, e.g. AccessDenied, NoCredentials
   */
  public record RunError(CheckReason reason, String message) {
    public RunError {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }

  public AuditReport {
    checks = List.copyOf(checks);
    buckets = List.copyOf(buckets);
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(error, "error");
  }

  public AuditReport(
      String posture,
      List<AuditCheck> checks,
      Optional<AccountReport> account,
      List<BucketReport> buckets) {
    this(posture, checks, account, buckets, Optional.empty());
  }

  /** A report that says why nothing could be checked. */
  public static AuditReport failed(String posture, List<AuditCheck> checks, RunError error) {
    return new AuditReport(posture, checks, Optional.empty(), List.of(), Optional.of(error));
  }

  /** Every check result: the account's first, then the buckets'. */
  public Stream<CheckResult> results() {
    return Stream.concat(
        account.stream().flatMap(a -> a.results().stream()),
        buckets.stream().flatMap(b -> b.checks().stream()));
  }

  /** The same report with each bucket check result replaced. */
  public AuditReport mapBucketResults(UnaryOperator<BucketResult> change) {
    return new AuditReport(
        posture,
        checks,
        account,
        buckets.stream()
            .map(
                b ->
                    new BucketReport(
                        b.bucket(),
                        b.region(),
                        b.checks().stream()
                            .map(r -> change.apply(new BucketResult(b.bucket(), r)).result())
                            .toList()))
            .toList(),
        error);
  }

  /** One bucket's check result. */
  public record BucketResult(String bucket, CheckResult result) {}
}
