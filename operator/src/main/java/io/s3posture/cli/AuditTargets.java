package io.s3posture.cli;

import io.s3posture.api.v1alpha1.BucketTargets;
import io.s3posture.aws.S3Gateway;
import io.s3posture.target.BucketTargetResolver;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which buckets to check: --bucket names, --all (what the credentials can list), or the policy's
 * names and selector (the operator's own resolver).
 */
public final class AuditTargets {

  private final BucketTargetResolver resolver;

  public AuditTargets(BucketTargetResolver resolver) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  /**
   * Sorted by name, distinct. Throws AwsFailure when listing the buckets fails.
   *
   * @param region --region or the policy's, if any
   * @param listing the gateway that lists buckets
   */
  public List<AuditTarget> resolve(
      AuditOptions options,
      Optional<BucketTargets> policyBuckets,
      Optional<String> region,
      S3Gateway listing) {
    if (!options.buckets().isEmpty()) {
      return sorted(options.buckets().stream().map(b -> new AuditTarget(b, region)).toList());
    }
    if (options.all()) {
      return sorted(
          listing.listBuckets(region).stream()
              .map(b -> new AuditTarget(b.name(), region.or(b::region)))
              .toList());
    }
    BucketTargets targets =
        policyBuckets.orElseThrow(
            () -> new UsageException("the policy has no spec.buckets: give --bucket or --all"));
    String policyRegion =
        region.orElseThrow(() -> new IllegalStateException("a policy always has a region"));
    return resolver.resolve(targets, listing, policyRegion).stream()
        .map(b -> new AuditTarget(b, region))
        .toList();
  }

  private static List<AuditTarget> sorted(List<AuditTarget> targets) {
    Map<String, AuditTarget> byName = new TreeMap<>();
    targets.forEach(target -> byName.putIfAbsent(target.bucket(), target));
    return List.copyOf(byName.values());
  }
}
