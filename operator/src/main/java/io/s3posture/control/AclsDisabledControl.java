package io.s3posture.control;

import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.aws.ObjectOwnership;
import io.s3posture.aws.S3Gateway;
import java.util.Optional;

/**
 * ACLs disabled: object ownership BucketOwnerEnforced. S3 refuses the change while the bucket ACL
 * grants access to others, so such an ACL is reset to private first (read only when writing).
 */
public final class AclsDisabledControl implements Control<Boolean, ObjectOwnership> {

  @Override
  public ControlName name() {
    return ControlName.ACLS_DISABLED;
  }

  @Override
  public Optional<Boolean> desired(ControlsSpec controls) {
    return Optional.ofNullable(controls.aclsDisabled()).map(spec -> true);
  }

  @Override
  public ObjectOwnership observe(S3Gateway gateway, String bucket) {
    return gateway.ownership(bucket);
  }

  @Override
  public Drift diff(Boolean required, ObjectOwnership observed) {
    return observed == ObjectOwnership.BucketOwnerEnforced
        ? Drift.NONE
        : Drift.of(
            FieldDrift.put("objectOwnership", ObjectOwnership.BucketOwnerEnforced, observed));
  }

  @Override
  public void remediate(
      S3Gateway gateway, String bucket, Boolean required, ObjectOwnership observed) {
    if (gateway.acl(bucket).grantsOthers()) {
      gateway.putPrivateAcl(bucket);
    }
    gateway.putOwnership(bucket, ObjectOwnership.BucketOwnerEnforced);
  }
}
