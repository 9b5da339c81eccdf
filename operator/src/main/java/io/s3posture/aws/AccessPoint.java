package io.s3posture.aws;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An S3 access point (S3 Control), or a multi-region access point: another way to the data of the
 * bucket(s) behind it, with Block Public Access flags fixed at creation and a policy of its own.
 *
 * @param name the access point's name
 * @param buckets the bucket behind a regional access point; the buckets of a multi-region one
 * @param multiRegion whether it is a multi-region access point
 * @param networkOrigin Internet or VPC (regional access points); empty for multi-region ones
 * @param publicAccessBlock its own Block Public Access flags (S3 cannot change them)
 * @param policies its policy documents: the access point policy, or a multi-region access point's
 *     established policy and a proposed one not yet in effect; empty when it has none
 */
public record AccessPoint(
    String name,
    List<String> buckets,
    boolean multiRegion,
    Optional<String> networkOrigin,
    PublicAccessBlock publicAccessBlock,
    List<String> policies) {

  public AccessPoint {
    Objects.requireNonNull(name, "name");
    buckets = List.copyOf(buckets);
    Objects.requireNonNull(networkOrigin, "networkOrigin");
    Objects.requireNonNull(publicAccessBlock, "publicAccessBlock");
    policies = List.copyOf(policies);
  }

  /** A regional access point of {@code bucket}. */
  public static AccessPoint regional(
      String name,
      String bucket,
      String networkOrigin,
      PublicAccessBlock publicAccessBlock,
      Optional<String> policy) {
    return new AccessPoint(
        name,
        List.of(bucket),
        false,
        Optional.of(networkOrigin),
        publicAccessBlock,
        policy.stream().toList());
  }

  /** How findings name it, e.g. "accessPoint[reports]" or "multiRegionAccessPoint[global]". */
  public String label() {
    return (multiRegion ? "multiRegionAccessPoint[" : "accessPoint[") + name + "]";
  }
}
