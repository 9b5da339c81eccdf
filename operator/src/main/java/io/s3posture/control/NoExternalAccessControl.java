package io.s3posture.control;

import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.api.v1alpha1.NoExternalAccessSpec;
import io.s3posture.aws.BucketAcl;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Nothing in the bucket policy or ACL gives access outside the bucket owner's account and the
 * allowed accounts and organizations: cross-account access is how stolen data leaves. Allow
 * statements to principals of other accounts, to {@code *} not pinned to allowed accounts or
 * organizations, {@code NotPrincipal} allows, and ACL grants to other canonical users, e-mail
 * grantees or the public groups are reported as NeedsHuman: the operator never removes statements
 * or grants it did not write. The owner's account is the policy's spec.aws.accountId (the
 * ExpectedBucketOwner) and the account the operator acts in for the bucket.
 */
public final class NoExternalAccessControl
    implements BucketControl<NoExternalAccessControl.Allowed, NoExternalAccessControl.Observed> {

  public static final ControlInfo INFO =
      ControlInfo.of("noExternalAccess", "PutBucketPolicy", "DeleteBucketPolicy", "PutBucketAcl")
          .audited(
              CheckInfo.of(
                      "noExternalAccess",
                      Severity.HIGH,
                      "No access for accounts outside the allowed ones",
                      "A bucket policy statement or ACL grant for another account is how"
                          + " stolen data leaves; only the owner's account and the allowed"
                          + " accounts and organizations should have access.")
                  .mappedTo(FrameworkMapping.securityHub("S3.6"))
                  .mitigates(
                      AttackTechnique.TRANSFER_DATA_TO_CLOUD_ACCOUNT,
                      AttackTechnique.DATA_FROM_CLOUD_STORAGE));

  /** The accounts and organizations besides the owner's that may have access. */
  public record Allowed(Set<String> accounts, Set<String> organizations) {

    public Allowed {
      accounts = Collections.unmodifiableSortedSet(new TreeSet<>(accounts));
      organizations = Collections.unmodifiableSortedSet(new TreeSet<>(organizations));
    }

    static Allowed of(NoExternalAccessSpec spec) {
      return new Allowed(
          new TreeSet<>(Optional.ofNullable(spec.allowedAccounts()).orElse(List.of())),
          new TreeSet<>(Optional.ofNullable(spec.allowedOrganizations()).orElse(List.of())));
    }
  }

  /** The policy and ACL as read in this check, and the owner's account(s) known to it. */
  public record Observed(BucketPolicyView policy, BucketAcl acl, Set<String> ownerAccounts) {

    public Observed {
      Objects.requireNonNull(policy, "policy");
      Objects.requireNonNull(acl, "acl");
      ownerAccounts = Set.copyOf(ownerAccounts);
    }
  }

  @Override
  public ControlInfo info() {
    return INFO;
  }

  @Override
  public Optional<Declared<Allowed>> declared(ControlsSpec controls) {
    return Optional.ofNullable(controls.noExternalAccess())
        .map(spec -> Declared.of(Allowed.of(spec), spec.mode()));
  }

  @Override
  public Observed observe(BucketSubject subject) {
    BucketPolicyView policy = BucketPolicyView.observe(subject);
    BucketAcl acl = subject.s3().acl(subject.bucket());
    Set<String> owner = new LinkedHashSet<>();
    subject.s3().expectedOwner().ifPresent(owner::add);
    subject.operatorPrincipal().flatMap(ExternalGrants::accountOf).ifPresent(owner::add);
    return new Observed(policy, acl, owner);
  }

  @Override
  public Drift diff(Allowed allowed, Observed observed) {
    ExternalGrants grants =
        new ExternalGrants(
            ExternalGrants.accounts(observed.ownerAccounts(), allowed.accounts()),
            allowed.organizations());
    List<FieldDrift> findings = new ArrayList<>();
    Optional<PolicyDocument> document = observed.policy().document();
    if (document.isEmpty()) {
      findings.addAll(BucketPolicyView.UNPARSEABLE.fields());
    } else {
      findings.addAll(
          grants.inPolicy(document.get(), Optional.ofNullable(observed.acl().ownerId())));
    }
    findings.addAll(ExternalGrants.inAcl(observed.acl()));
    return new Drift(findings);
  }

  /** Reported only: nothing to write. */
  @Override
  public List<Write<BucketSubject>> plan(
      BucketSubject subject, Allowed allowed, Observed observed) {
    return List.of();
  }

  /** What both allow: a bucket that only the accounts both allow can use satisfies both. */
  @Override
  public Optional<Allowed> combine(Allowed a, Allowed b) {
    Set<String> accounts = new TreeSet<>(a.accounts());
    accounts.retainAll(b.accounts());
    Set<String> organizations = new TreeSet<>(a.organizations());
    organizations.retainAll(b.organizations());
    return Optional.of(new Allowed(accounts, organizations));
  }
}
