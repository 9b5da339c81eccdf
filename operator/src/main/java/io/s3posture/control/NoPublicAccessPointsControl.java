package io.s3posture.control;

import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.aws.AccessPoint;
import io.s3posture.aws.AwsFailure;
import io.s3posture.aws.FailureKind;
import java.util.List;
import java.util.Optional;

/**
 * The bucket's access points (in its region, of the bucket owner's account) are no way to the
 * public: all four Block Public Access flags on, no policy statement that allows everyone. Reported
 * only (NeedsHuman, see {@link AccessPointFindings}); multi-region access points, which span
 * buckets, are the AccountPolicy's.
 */
public final class NoPublicAccessPointsControl
    implements BucketControl<Boolean, List<AccessPoint>> {

  public static final ControlInfo INFO =
      ControlInfo.of("noPublicAccessPoints")
          .audited(
              AuditInfo.of(
                      CheckInfo.of(
                              "noPublicAccessPoints",
                              Severity.HIGH,
                              "No access point of the bucket open to the public",
                              "An access point has its own Block Public Access and policy: one"
                                  + " created without the flags, or with a policy for everyone,"
                                  + " exposes the bucket's data whatever the bucket says.")
                          .mappedTo(FrameworkMapping.securityHub("S3.19"))
                          .mitigates(AttackTechnique.DATA_FROM_CLOUD_STORAGE))
                  .leftOutOfBaseline(
                      "the baseline's account check accountNoPublicAccessPoints reads every access"
                          + " point of the region once per run; use --policy with"
                          + " noPublicAccessPoints to check each bucket's in its own region"));

  @Override
  public ControlInfo info() {
    return INFO;
  }

  @Override
  public Optional<Declared<Boolean>> declared(ControlsSpec controls) {
    return Optional.ofNullable(controls.noPublicAccessPoints())
        .map(spec -> Declared.of(true, spec.mode()));
  }

  /** S3 Control names the account: the bucket owner's (spec.aws.accountId, else the operator's). */
  @Override
  public List<AccessPoint> observe(BucketSubject subject) {
    Optional<String> account =
        subject
            .s3()
            .expectedOwner()
            .or(() -> subject.operatorPrincipal().flatMap(ExternalGrants::accountOf));
    if (account.isEmpty()) {
      throw new AwsFailure(
          FailureKind.OTHER,
          "ListAccessPoints",
          null,
          "ListAccessPoints needs the bucket owner's account id: set spec.aws.accountId",
          null);
    }
    return subject.s3().accessPoints(account.get(), subject.bucket());
  }

  @Override
  public Drift diff(Boolean desired, List<AccessPoint> observed) {
    return AccessPointFindings.of(observed);
  }

  /** Reported only: nothing to write. */
  @Override
  public List<Write<BucketSubject>> plan(
      BucketSubject subject, Boolean desired, List<AccessPoint> observed) {
    return List.of();
  }

  @Override
  public Optional<Boolean> combine(Boolean a, Boolean b) {
    return Optional.of(true);
  }
}
