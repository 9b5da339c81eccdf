package io.s3posture.fleet;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.s3posture.aws.AwsTarget;
import io.s3posture.control.AccountSubject;
import io.s3posture.control.Exemptions;
import io.s3posture.control.ManagedControl;
import io.s3posture.control.PolicyRef;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What the fleet needs of an AccountPolicy: its account in a region (or, with {@code organization},
 * the member accounts of an organization, listed with {@code target}'s credentials), and what it
 * requires.
 */
public record GovernedAccount(
    PolicyRef ref,
    HasMetadata resource,
    AwsTarget target,
    List<ManagedControl<AccountSubject, ?, ?>> controls,
    Duration interval,
    Optional<OrganizationMembers> organization)
    implements GovernedPolicy<AccountSubject> {

  public GovernedAccount {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(organization, "organization");
    if (organization.isEmpty() && target.accountId().isEmpty()) {
      throw new IllegalArgumentException("an AccountPolicy's target names its account");
    }
    controls = List.copyOf(controls);
    Objects.requireNonNull(interval, "interval");
  }

  /** An AccountPolicy of one account. */
  public GovernedAccount(
      PolicyRef ref,
      HasMetadata resource,
      AwsTarget target,
      List<ManagedControl<AccountSubject, ?, ?>> controls,
      Duration interval) {
    this(ref, resource, target, controls, interval, Optional.empty());
  }

  /** The one subject of a policy of one account. */
  public AccountKey account() {
    if (organization.isPresent()) {
      throw new IllegalStateException("an organization's AccountPolicy governs its members");
    }
    return member(target.accountId().get());
  }

  /** The subject of {@code accountId} in the policy's region and endpoint. */
  public AccountKey member(String accountId) {
    return new AccountKey(endpoint(), accountId, target.region());
  }

  /**
   * Whether {@code key} is the policy's account: for an organization, whether it is in its region
   * and endpoint and among {@code members}.
   */
  public boolean governs(AccountKey key, Predicate<String> members) {
    if (organization.isEmpty()) {
      return account().equals(key);
    }
    return key.endpoint().equals(endpoint())
        && key.region().equals(target.region())
        && members.test(key.accountId());
  }

  /** Where and as whom {@code accountId} is checked: a member through its member role. */
  public AwsTarget targetOf(String accountId) {
    return organization
        .map(
            members ->
                target
                    .withAccountId(accountId)
                    .withRole(
                        members.roleArn(accountId, target.region()),
                        members.externalId().orElse(null)))
        .orElse(target);
  }

  @Override
  public Exemptions exemptions() {
    return Exemptions.NONE;
  }
}
