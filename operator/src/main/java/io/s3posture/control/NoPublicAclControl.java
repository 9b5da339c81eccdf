package io.s3posture.control;

import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.aws.BucketAcl;
import io.s3posture.aws.S3Gateway;
import java.util.Optional;
import java.util.stream.Collectors;

/** No bucket ACL grant to AllUsers or AuthenticatedUsers; other grants are kept. */
public final class NoPublicAclControl implements Control<Boolean, BucketAcl> {

  @Override
  public ControlName name() {
    return ControlName.NO_PUBLIC_ACL;
  }

  @Override
  public Optional<Boolean> desired(ControlsSpec controls) {
    return Optional.ofNullable(controls.noPublicAcl()).map(spec -> true);
  }

  @Override
  public BucketAcl observe(S3Gateway gateway, String bucket) {
    return gateway.acl(bucket);
  }

  @Override
  public Drift diff(Boolean required, BucketAcl observed) {
    if (observed.publicGrants().isEmpty()) {
      return Drift.NONE;
    }
    String grants =
        observed.publicGrants().stream()
            .map(grant -> grant.grantee() + ":" + grant.permission())
            .collect(Collectors.joining(","));
    return Drift.of(FieldDrift.put("publicGrants", "none", grants));
  }

  @Override
  public void remediate(S3Gateway gateway, String bucket, Boolean required, BucketAcl observed) {
    gateway.putAcl(bucket, observed.withoutPublicGrants());
  }
}
