package io.s3posture.fleet;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.s3posture.api.v1alpha1.BucketSelector;
import io.s3posture.api.v1alpha1.BucketTargets;
import io.s3posture.aws.AwsTarget;
import io.s3posture.control.BucketSubject;
import io.s3posture.control.ManagedControl;
import io.s3posture.control.PolicyRef;
import io.s3posture.target.BucketNameGlob;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the fleet needs of a BucketPolicy: who it is (and the resource, for events), where its
 * buckets are and as whom, which buckets it selects, and the controls it requires.
 */
public record GovernedBuckets(
    PolicyRef ref,
    HasMetadata resource,
    AwsTarget target,
    BucketTargets buckets,
    List<ManagedControl<BucketSubject, ?, ?>> controls,
    Duration interval,
    ExemptionRules exemptions)
    implements GovernedPolicy<BucketSubject> {

  public GovernedBuckets {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(buckets, "buckets");
    controls = List.copyOf(controls);
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(exemptions, "exemptions");
  }

  public boolean names(String bucket) {
    return buckets.names() != null && buckets.names().contains(bucket);
  }

  public Optional<BucketSelector> selector() {
    return Optional.ofNullable(buckets.selector());
  }

  /** Whether the selector's name patterns accept {@code bucket} (true without patterns). */
  public boolean patternsAccept(String bucket) {
    List<String> patterns =
        selector().map(BucketSelector::namePatterns).filter(p -> !p.isEmpty()).orElse(List.of());
    return patterns.isEmpty()
        || patterns.stream().map(BucketNameGlob::new).anyMatch(glob -> glob.matches(bucket));
  }

  /** The tags the selector requires (empty: none). */
  public Map<String, String> requiredTags() {
    return selector().map(BucketSelector::tags).orElse(Map.of());
  }
}
