package io.s3posture.target;

import io.s3posture.api.v1alpha1.BucketSelector;
import io.s3posture.api.v1alpha1.BucketTargets;
import io.s3posture.aws.AwsFailure;
import io.s3posture.aws.BucketSummary;
import io.s3posture.aws.FailureKind;
import io.s3posture.aws.S3Gateway;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves which buckets a policy governs: the listed names plus the buckets its selector matches
 * among those the credentials can list in the region. Selectors are evaluated anew on every call,
 * so new buckets are picked up.
 */
public final class BucketTargetResolver {

  private static final Logger LOG = LoggerFactory.getLogger(BucketTargetResolver.class);

  /** Sorted, distinct bucket names. Throws AwsFailure when the listing itself fails. */
  public List<String> resolve(BucketTargets targets, S3Gateway gateway, String region) {
    TreeSet<String> buckets = new TreeSet<>();
    Optional.ofNullable(targets.names()).ifPresent(buckets::addAll);
    BucketSelector selector = targets.selector();
    if (selector != null) {
      for (BucketSummary bucket : gateway.listBuckets(Optional.of(region))) {
        if (!buckets.contains(bucket.name()) && matches(selector, bucket.name(), gateway)) {
          buckets.add(bucket.name());
        }
      }
    }
    return List.copyOf(buckets);
  }

  private static boolean matches(BucketSelector selector, String bucket, S3Gateway gateway) {
    List<String> patterns = Optional.ofNullable(selector.namePatterns()).orElse(List.of());
    if (!patterns.isEmpty()
        && patterns.stream().map(BucketNameGlob::new).noneMatch(glob -> glob.matches(bucket))) {
      return false;
    }
    Map<String, String> tags = Optional.ofNullable(selector.tags()).orElse(Map.of());
    if (tags.isEmpty()) {
      return true;
    }
    try {
      Map<String, String> actual = gateway.bucketTags(bucket);
      return tags.entrySet().stream()
          .allMatch(tag -> tag.getValue().equals(actual.get(tag.getKey())));
    } catch (AwsFailure failure) {
      if (failure.kind() == FailureKind.NO_SUCH_BUCKET) {
        return false;
      }
      // A candidate whose tags cannot be read is not governed; say so rather than fail the policy.
      LOG.warn("bucket {} skipped by the tag selector: {}", bucket, failure.getMessage());
      return false;
    }
  }
}
