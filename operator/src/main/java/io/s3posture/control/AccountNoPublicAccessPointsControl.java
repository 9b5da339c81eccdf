package io.s3posture.control;

import io.s3posture.api.v1alpha1.AccountPolicySpec;
import io.s3posture.aws.AccessPoint;
import java.util.List;
import java.util.Optional;

/**
 * Every access point of the account in the policy's region, and every multi-region access point of
 * the account, is no way to the public (see {@link AccessPointFindings}). Reported only
 * (NeedsHuman): S3 cannot change an access point's Block Public Access, and the operator never
 * removes policy statements it did not write.
 */
public final class AccountNoPublicAccessPointsControl
    implements AccountControl<Boolean, List<AccessPoint>> {

  public static final ControlInfo INFO =
      ControlInfo.of(
              "noPublicAccessPoints",
              "CreateAccessPoint",
              "DeleteAccessPoint",
              "PutAccessPointPolicy",
              "DeleteAccessPointPolicy",
              "CreateMultiRegionAccessPoint",
              "DeleteMultiRegionAccessPoint",
              "PutMultiRegionAccessPointPolicy")
          .audited(
              CheckInfo.of(
                      "accountNoPublicAccessPoints",
                      Severity.HIGH,
                      "No access point of the account open to the public",
                      "Access points and multi-region access points have their own Block Public"
                          + " Access, fixed at creation, and policies: one open to the public"
                          + " exposes its buckets' data whatever the buckets say.")
                  .mappedTo(
                      FrameworkMapping.securityHub("S3.19"), FrameworkMapping.securityHub("S3.24"))
                  .mitigates(AttackTechnique.DATA_FROM_CLOUD_STORAGE));

  @Override
  public ControlInfo info() {
    return INFO;
  }

  @Override
  public Optional<Declared<Boolean>> declared(AccountPolicySpec spec) {
    return Optional.ofNullable(spec.noPublicAccessPoints())
        .map(check -> Declared.of(true, check.mode()));
  }

  @Override
  public List<AccessPoint> observe(AccountSubject subject) {
    return subject.s3Control().accessPoints(subject.accountId());
  }

  @Override
  public Drift diff(Boolean desired, List<AccessPoint> observed) {
    return AccessPointFindings.of(observed);
  }

  /** Reported only: nothing to write. */
  @Override
  public List<Write<AccountSubject>> plan(
      AccountSubject subject, Boolean desired, List<AccessPoint> observed) {
    return List.of();
  }

  @Override
  public Optional<Boolean> combine(Boolean a, Boolean b) {
    return Optional.of(true);
  }
}
