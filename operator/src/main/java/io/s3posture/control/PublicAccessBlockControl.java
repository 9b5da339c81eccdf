package io.s3posture.control;

import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.api.v1alpha1.PublicAccessBlockSpec;
import io.s3posture.aws.PublicAccessBlock;
import io.s3posture.aws.S3Gateway;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Bucket-level Block Public Access. The requirement is the set of flags that must be on; a PUT
 * replaces all four flags, so the write is the union of the observed and required flags.
 */
public final class PublicAccessBlockControl
    implements Control<PublicAccessBlock, PublicAccessBlock> {

  @Override
  public ControlName name() {
    return ControlName.PUBLIC_ACCESS_BLOCK;
  }

  @Override
  public Optional<PublicAccessBlock> desired(ControlsSpec controls) {
    return Optional.ofNullable(controls.publicAccessBlock())
        .map(PublicAccessBlockControl::required);
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
  public PublicAccessBlock observe(S3Gateway gateway, String bucket) {
    return gateway.publicAccessBlock(bucket);
  }

  @Override
  public Drift diff(PublicAccessBlock required, PublicAccessBlock observed) {
    return missingFlags(required, observed);
  }

  /** One field per required flag that is off. Shared with the account-level check. */
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
  public void remediate(
      S3Gateway gateway, String bucket, PublicAccessBlock required, PublicAccessBlock observed) {
    gateway.putPublicAccessBlock(bucket, observed.union(required));
  }

  /** Each policy only ever turns flags on, so any two requirements can be met together. */
  @Override
  public boolean compatible(PublicAccessBlock a, PublicAccessBlock b) {
    return true;
  }
}
