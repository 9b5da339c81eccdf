package io.s3posture.cli;

import io.s3posture.aws.AwsFailure;
import io.s3posture.control.ControlCatalog;
import io.s3posture.control.ReadBackVerifier;
import io.s3posture.control.TargetCheck;
import io.s3posture.target.BucketTargetResolver;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@code audit} audits one account: which buckets (the options, the policy file), against what
 * posture, which findings are accepted, at which --fail-on. The same for a single account and for
 * each member of an organization.
 */
record AccountAudit(
    AuditOptions options,
    Optional<PolicyFile> policy,
    Suppressions suppressions,
    ControlCatalog catalog,
    Optional<String> region,
    Progress progress) {

  AccountAudit {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(suppressions, "suppressions");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(progress, "progress");
  }

  /** One account's audit: its report, the verdict at the run's --fail-on, buckets checked. */
  record Run(AuditReport report, Verdict verdict, int buckets) {}

  /** The buckets to audit could not be listed: nothing else is asked of AWS. */
  static final class BucketsUnlisted extends RuntimeException {
    private final AwsFailure failure;

    BucketsUnlisted(AwsFailure failure) {
      super(failure.getMessage(), failure);
      this.failure = failure;
    }

    AwsFailure failure() {
      return failure;
    }
  }

  /**
   * Audits the buckets {@code connection} reaches (and its account, with the baseline).
   *
   * @throws BucketsUnlisted when the buckets cannot be listed
   */
  Run run(AuditConnection connection) {
    List<AuditTarget> targets;
    try {
      targets =
          new AuditTargets(new BucketTargetResolver())
              .resolve(
                  options,
                  policy.flatMap(PolicyFile::buckets),
                  region,
                  connection.bucketGateway(connection.defaultRegion()));
    } catch (AwsFailure failure) {
      throw new BucketsUnlisted(failure);
    }
    Posture posture =
        policy
            .map(file -> file.posture(catalog))
            .orElseGet(() -> RecommendedBaseline.posture(catalog, ownerAccount(connection)));
    AuditReport report =
        new AuditRunner(
                connection,
                new TargetCheck(ReadBackVerifier.standard(), catalog.bucketRunOrder()),
                options.concurrency(),
                progress)
            .run(posture, targets);
    report = suppressions.apply(report, Instant.now());
    return new Run(report, verdict(report, posture), targets.size());
  }

  /** The report of an audit that could not start, and why ({@code what}: the step that failed). */
  Run failed(AwsFailure failure, String what) {
    Posture posture =
        policy
            .map(file -> file.posture(catalog))
            .orElseGet(() -> RecommendedBaseline.posture(catalog));
    String message =
        what
            + CredentialsMessage.forPeople(
                CheckReason.failed(failure.kind()), failure.getMessage());
    AuditReport report =
        AuditReport.failed(
            posture.name(),
            posture.checks(),
            new AuditReport.RunError(CheckReason.failed(failure.kind()), message));
    return new Run(report, verdict(report, posture), 0);
  }

  private Verdict verdict(AuditReport report, Posture posture) {
    return new ExitCodePolicy(options.failOn().orElse(posture.defaultFailOn())).verdict(report);
  }

  /** The account that owns the buckets, if it can be found out (the account check says why not). */
  private static Optional<String> ownerAccount(AuditConnection connection) {
    try {
      return Optional.of(connection.accountId());
    } catch (AwsFailure failure) {
      return Optional.empty();
    }
  }
}
