package io.s3posture.fleet;

import java.util.Objects;

/**
 * An AWS account's settings in one region: its Block Public Access (one per account) and its
 * detection services (CloudTrail, Config, GuardDuty and Macie are regional). AccountPolicies of the
 * same account and region govern the same subject and are checked together.
 */
public record AccountKey(String endpoint, String accountId, String region) implements SubjectKey {

  public AccountKey {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(region, "region");
  }

  @Override
  public String name() {
    return accountId;
  }

  @Override
  public String toString() {
    return "account " + accountId + " in " + region;
  }
}
