package io.s3posture.control;

import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.api.v1alpha1.PublicAccessBlockSpec;
import io.s3posture.aws.PublicAccessBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Bucket-level Block Public Access. The requirement is the set of flags that must be on; a PUT
 * replaces all four flags, so the write is the union of the observed and required flags: a flag is
 * only ever turned on.
 */
public final class PublicAccessBlockControl
    implements BucketControl<PublicAccessBlock, PublicAccessBlock> {

  public static final ControlInfo INFO =
      ControlInfo.of(
              "publicAccessBlock", "PutBucketPublicAccessBlock", "DeleteBucketPublicAccessBlock")
          .audited(
              CheckInfo.of(
                      "publicAccessBlock",
                      Severity.HIGH,
                      "Bucket Block Public Access on",
                      "BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy and"
                          + " RestrictPublicBuckets keep public ACLs and policies from taking"
                          + " effect.")
                  .mappedTo(FrameworkMapping.cis("2.1.4"), FrameworkMapping.securityHub("S3.8"))
                  .mitigates(AttackTechnique.DATA_FROM_CLOUD_STORAGE));

  @Override
  public ControlInfo info() {
    return INFO;
  }

  @Override
  public Optional<Declared<PublicAccessBlock>> declared(ControlsSpec controls) {
    return Optional.ofNullable(controls.publicAccessBlock())
        .map(spec -> Declared.of(required(spec), spec.mode()));
  }

  /** The flags a spec requires; unset and false both mean "not managed". */
  public static PublicAccessBlock required(PublicAccessBlockSpec spec) {
    return new PublicAccessBlock(
        Boolean.TRUE.equals(spec.blockPublicAcls()),
        Boolean.TRUE.equals(spec.ignorePublicAcls()),
        Boolean.TRUE.equals(spec.blockPublicPolicy()),
        Boolean.TRUE.equals(spec.restrictPublicBuckets()));
  }

  @Override
  public PublicAccessBlock observe(BucketSubject subject) {
    return subject.s3().publicAccessBlock(subject.bucket());
  }

  @Override
  public Drift diff(PublicAccessBlock required, PublicAccessBlock observed) {
    return missingFlags(required, observed);
  }

  /** One field per required flag that is off. Shared with the account-level control. */
  public static Drift missingFlags(PublicAccessBlock required, PublicAccessBlock observed) {
    List<FieldDrift> fields = new ArrayList<>();
    flag(fields, "blockPublicAcls", required.blockPublicAcls(), observed.blockPublicAcls());
    flag(fields, "ignorePublicAcls", required.ignorePublicAcls(), observed.ignorePublicAcls());
    flag(fields, "blockPublicPolicy", required.blockPublicPolicy(), observed.blockPublicPolicy());
    flag(
        fields,
        "restrictPublicBuckets",
        required.restrictPublicBuckets(),
        observed.restrictPublicBuckets());
    return new Drift(fields);
  }

  private static void flag(List<FieldDrift> fields, String name, boolean required, boolean on) {
    if (required && !on) {
      fields.add(FieldDrift.put(name, true, false));
    }
  }

  @Override
  public List<Write<BucketSubject>> plan(
      BucketSubject subject, PublicAccessBlock required, PublicAccessBlock observed) {
    PublicAccessBlock wanted = observed.union(required);
    return List.of(
        Write.of(
            "PutPublicAccessBlock",
            "Block Public Access " + wanted.describe(),
            s -> s.s3().putPublicAccessBlock(s.bucket(), wanted)));
  }

  /** Each policy only ever turns flags on: any two requirements hold together, as their union. */
  @Override
  public Optional<PublicAccessBlock> combine(PublicAccessBlock a, PublicAccessBlock b) {
    return Optional.of(a.union(b));
  }
}
