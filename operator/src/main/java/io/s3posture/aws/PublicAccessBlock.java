package io.s3posture.aws;

import java.util.ArrayList;
import java.util.List;

/** The four Block Public Access flags (bucket or account level). */
public record PublicAccessBlock(
    boolean blockPublicAcls,
    boolean ignorePublicAcls,
    boolean blockPublicPolicy,
    boolean restrictPublicBuckets) {

  public static final PublicAccessBlock NONE = new PublicAccessBlock(false, false, false, false);
  public static final PublicAccessBlock ALL = new PublicAccessBlock(true, true, true, true);

  /** From the SDK's nullable flags: an unset flag is off. */
  public static PublicAccessBlock of(
      Boolean blockPublicAcls,
      Boolean ignorePublicAcls,
      Boolean blockPublicPolicy,
      Boolean restrictPublicBuckets) {
    return new PublicAccessBlock(
        Boolean.TRUE.equals(blockPublicAcls),
        Boolean.TRUE.equals(ignorePublicAcls),
        Boolean.TRUE.equals(blockPublicPolicy),
        Boolean.TRUE.equals(restrictPublicBuckets));
  }

  /** Every flag that is on in either: turning flags on never turns another off. */
  public PublicAccessBlock union(PublicAccessBlock other) {
    return new PublicAccessBlock(
        blockPublicAcls || other.blockPublicAcls,
        ignorePublicAcls || other.ignorePublicAcls,
        blockPublicPolicy || other.blockPublicPolicy,
        restrictPublicBuckets || other.restrictPublicBuckets);
  }

  /** True when every flag that is on here is also on in {@code other}. */
  public boolean isCoveredBy(PublicAccessBlock other) {
    return other.union(this).equals(other);
  }

  /** The flags that are on, e.g. "BlockPublicAcls, IgnorePublicAcls" or "none". */
  public String describe() {
    List<String> on = new ArrayList<>();
    if (blockPublicAcls) {
      on.add("BlockPublicAcls");
    }
    if (ignorePublicAcls) {
      on.add("IgnorePublicAcls");
    }
    if (blockPublicPolicy) {
      on.add("BlockPublicPolicy");
    }
    if (restrictPublicBuckets) {
      on.add("RestrictPublicBuckets");
    }
    return on.isEmpty() ? "none" : String.join(", ", on);
  }
}
