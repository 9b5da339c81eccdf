package io.s3posture.cli;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The account-level checks, reported once per run (one set of credentials is one account).
 *
 * @param accountId empty when it could not be found out
 * @param results one per account check of the posture, in its order
 */
public record AccountReport(Optional<String> accountId, List<CheckResult> results) {

  public AccountReport {
    Objects.requireNonNull(accountId, "accountId");
    results = List.copyOf(results);
    if (results.isEmpty()) {
      throw new IllegalArgumentException("an account report has at least one check");
    }
  }

  public AccountReport(Optional<String> accountId, CheckResult result) {
    this(accountId, List.of(result));
  }

  /**
   * The first account check's result (accountPublicAccessBlock in the recommended baseline): the
   * JSON report's {@code account.check}, kept from before there were several account checks.
   */
  public CheckResult result() {
    return results.get(0);
  }
}
