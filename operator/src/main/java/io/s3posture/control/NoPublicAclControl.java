package io.s3posture.control;

import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.aws.BucketAcl;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** No bucket ACL grant to AllUsers or AuthenticatedUsers; other grants are kept. */
public final class NoPublicAclControl implements BucketControl<Boolean, BucketAcl> {

  public static final ControlInfo INFO =
      ControlInfo.of("noPublicAcl", "PutBucketAcl")
          .audited(
              CheckInfo.of(
                      "noPublicAcl",
                      Severity.CRITICAL,
                      "No bucket ACL grant to everyone",
                      "A grant to AllUsers or AuthenticatedUsers makes the bucket readable or"
                          + " writable by anyone.")
                  .mappedTo(
                      FrameworkMapping.securityHub("S3.2"), FrameworkMapping.securityHub("S3.3"))
                  .mitigates(AttackTechnique.DATA_FROM_CLOUD_STORAGE));

  @Override
  public ControlInfo info() {
    return INFO;
  }

  @Override
  public Optional<Declared<Boolean>> declared(ControlsSpec controls) {
    return Optional.ofNullable(controls.noPublicAcl()).map(spec -> Declared.of(true, spec.mode()));
  }

  @Override
  public BucketAcl observe(BucketSubject subject) {
    return subject.s3().acl(subject.bucket());
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
  public List<Write<BucketSubject>> plan(
      BucketSubject subject, Boolean required, BucketAcl observed) {
    BucketAcl kept = observed.withoutPublicGrants();
    return List.of(
        Write.of(
            "PutBucketAcl",
            "remove the grants to everyone, keep the other " + kept.grants().size(),
            s -> s.s3().putAcl(s.bucket(), kept)));
  }

  @Override
  public Optional<Boolean> combine(Boolean a, Boolean b) {
    return Optional.of(true);
  }
}
