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

/** What the fleet needs of an AccountPolicy: its account in a region, and what it requires. */
public record GovernedAccount(
    PolicyRef ref,
    HasMetadata resource,
    AwsTarget target,
    List<ManagedControl<AccountSubject, ?, ?>> controls,
    Duration interval)
    implements GovernedPolicy<AccountSubject> {

  public GovernedAccount {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(target, "target");
    if (target.accountId().isEmpty()) {
      throw new IllegalArgumentException("an AccountPolicy's target names its account");
    }
    controls = List.copyOf(controls);
    Objects.requireNonNull(interval, "interval");
  }

  /** The one subject it governs. */
  public AccountKey account() {
    return new AccountKey(endpoint(), target.accountId().get(), target.region());
  }

  @Override
  public Exemptions exemptions() {
    return Exemptions.NONE;
  }
}
