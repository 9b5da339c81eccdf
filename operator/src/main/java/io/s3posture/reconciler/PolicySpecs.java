package io.s3posture.reconciler;

import io.s3posture.api.v1alpha1.AccountPolicy;
import io.s3posture.api.v1alpha1.AccountPolicySpec;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.api.v1alpha1.BucketPolicySpec;
import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.control.BucketSubject;
import io.s3posture.control.ControlCatalog;
import io.s3posture.control.ManagedControl;
import io.s3posture.control.PolicyRef;
import io.s3posture.fleet.ExemptionRules;
import io.s3posture.fleet.GovernedAccount;
import io.s3posture.fleet.GovernedBuckets;
import io.s3posture.fleet.OrganizationMembers;
import io.s3posture.fleet.ResyncInterval;
import io.s3posture.target.AwsTargets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Turns a policy's spec into what the fleet governs: its subjects, target and controls. */
public final class PolicySpecs {

  private final AwsTargets targets;
  private final ControlCatalog catalog;
  private final Clock clock;
  private final Duration maxExemption;

  /**
   * @param maxExemption how far ahead an exemption may end
   */
  public PolicySpecs(
      AwsTargets targets, ControlCatalog catalog, Clock clock, Duration maxExemption) {
    this.targets = Objects.requireNonNull(targets, "targets");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxExemption = Objects.requireNonNull(maxExemption, "maxExemption");
  }

  public GovernedBuckets buckets(BucketPolicy policy, PolicyRef ref) {
    BucketPolicySpec spec = policy.getSpec();
    List<ManagedControl<BucketSubject, ?, ?>> controls =
        catalog.managedBy(spec.controls(), Mode.orDefault(spec.mode()));
    return new GovernedBuckets(
        ref,
        policy,
        targets.of(spec.aws()),
        spec.buckets(),
        controls,
        ResyncInterval.parse(spec.resyncInterval()),
        new ExemptionRules(
            spec.exemptions(),
            controls.stream().map(ManagedControl::name).collect(Collectors.toSet()),
            clock,
            maxExemption));
  }

  public GovernedAccount account(AccountPolicy policy, PolicyRef ref) {
    AccountPolicySpec spec = policy.getSpec();
    return new GovernedAccount(
        ref,
        policy,
        targets.of(spec.aws()),
        catalog.managedBy(spec, Mode.orDefault(spec.mode())),
        ResyncInterval.parse(spec.resyncInterval()),
        Optional.ofNullable(spec.organization())
            .map(
                org ->
                    new OrganizationMembers(
                        org.memberRoleName(),
                        Optional.ofNullable(org.externalId()),
                        Set.copyOf(org.excluded()),
                        org.managementIncluded())));
  }
}
