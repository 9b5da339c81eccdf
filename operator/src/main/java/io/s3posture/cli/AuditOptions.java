package io.s3posture.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The parsed command line of {@code audit}.
 *
 * @param buckets buckets named with --bucket, in the order given
 * @param all --all: every bucket the credentials can list
 * @param failOn --fail-on; empty: the posture's default
 * @param suppressions --suppressions: exemptions for known findings
 * @param failuresOnly --failures-only: the table shows only failing and unevaluated checks
 * @param organization --organization-role and its options: every member account of the caller's AWS
 *     Organization instead of one account
 */
public record AuditOptions(
    List<String> buckets,
    boolean all,
    Optional<Path> policyFile,
    Optional<String> region,
    Optional<URI> endpoint,
    Optional<String> profile,
    Optional<String> roleArn,
    Optional<String> externalId,
    Optional<String> accountId,
    OutputFormat output,
    Optional<FailOn> failOn,
    int concurrency,
    boolean stats,
    Optional<Path> suppressions,
    boolean failuresOnly,
    Optional<OrganizationOptions> organization) {

  /**
   * {@code --organization-role NAME}, {@code --exclude-account ID} (repeatable) and {@code
   * --include-management-account}.
   */
  public record OrganizationOptions(
      String memberRole, List<String> excludedAccounts, boolean includeManagementAccount) {
    public OrganizationOptions {
      excludedAccounts = List.copyOf(excludedAccounts);
    }
  }

  /**
   * Buckets checked at once. Checking is latency-bound (each bucket is 10 sequential requests of
   * tens of milliseconds against real S3), so throughput grows with concurrency until S3 throttles
   * (the SDK backs off) or the CPU saturates: 64 checks about 5x as many buckets per second as 8 at
   * 50 ms per request (docs/audit.md, Cost and speed).
   */
  public static final int DEFAULT_CONCURRENCY = 64;

  public static final int MAX_CONCURRENCY = 64;

  public AuditOptions {
    buckets = List.copyOf(buckets);
  }

  /** Whether the buckets come from the command line rather than the policy file. */
  public boolean bucketsGiven() {
    return all || !buckets.isEmpty();
  }
}
