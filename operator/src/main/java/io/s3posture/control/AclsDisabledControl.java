package io.s3posture.control;

import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.aws.ObjectOwnership;
import java.util.List;
import java.util.Optional;

/**
 * ACLs disabled: object ownership BucketOwnerEnforced. S3 refuses the change while the bucket ACL
 * grants access to others, so such an ACL is reset to private first (read only when writing).
 */
public final class AclsDisabledControl implements BucketControl<Boolean, ObjectOwnership> {

  public static final ControlInfo INFO =
      ControlInfo.of(
              "aclsDisabled",
              "PutBucketOwnershipControls",
              "DeleteBucketOwnershipControls",
              "PutBucketAcl")
          .after(NoPublicAclControl.INFO.name())
          .audited(
              CheckInfo.of(
                      "aclsDisabled",
                      Severity.MEDIUM,
                      "ACLs disabled (object ownership BucketOwnerEnforced)",
                      "With ACLs disabled only policies grant access, and the bucket owner owns"
                          + " every object.")
                  .mappedTo(FrameworkMapping.securityHub("S3.12"))
                  .mitigates(
                      AttackTechnique.DATA_FROM_CLOUD_STORAGE,
                      AttackTechnique.TRANSFER_DATA_TO_CLOUD_ACCOUNT));

  @Override
  public ControlInfo info() {
    return INFO;
  }

  @Override
  public Optional<Declared<Boolean>> declared(ControlsSpec controls) {
    return Optional.ofNullable(controls.aclsDisabled()).map(spec -> Declared.of(true, spec.mode()));
  }

  @Override
  public ObjectOwnership observe(BucketSubject subject) {
    return subject.s3().ownership(subject.bucket());
  }

  @Override
  public Drift diff(Boolean required, ObjectOwnership observed) {
    return observed == ObjectOwnership.BucketOwnerEnforced
        ? Drift.NONE
        : Drift.of(
            FieldDrift.put("objectOwnership", ObjectOwnership.BucketOwnerEnforced, observed));
  }

  @Override
  public List<Write<BucketSubject>> plan(
      BucketSubject subject, Boolean required, ObjectOwnership observed) {
    return List.of(
        Write.of(
            "PutBucketOwnershipControls",
            "reset the ACL to private if it grants others, then object ownership"
                + " BucketOwnerEnforced",
            s -> {
              if (s.s3().acl(s.bucket()).grantsOthers()) {
                s.s3().putPrivateAcl(s.bucket());
              }
              s.s3().putOwnership(s.bucket(), ObjectOwnership.BucketOwnerEnforced);
            }));
  }

  @Override
  public Optional<Boolean> combine(Boolean a, Boolean b) {
    return Optional.of(true);
  }
}
