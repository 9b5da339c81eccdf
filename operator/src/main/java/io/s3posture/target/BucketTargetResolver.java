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
import java.util.function.Function;
import java.util.function.Supplier;
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
    return resolve(targets, () -> gateway.listBuckets(Optional.of(region)), gateway::bucketTags);
  }

  /**
   * Sorted, distinct bucket names from a listing and a tag lookup (the operator passes its shared
   * inventory). Throws AwsFailure when the listing itself fails.
   */
  public List<String> resolve(
      BucketTargets targets,
      Supplier<List<BucketSummary>> listing,
      Function<String, Map<String, String>> tags) {
    TreeSet<String> buckets = new TreeSet<>();
    Optional.ofNullable(targets.names()).ifPresent(buckets::addAll);
    if (targets.selector() != null) {
      Compiled selector = compile(targets.selector());
      for (BucketSummary bucket : listing.get()) {
        if (!buckets.contains(bucket.name()) && selector.matches(bucket.name(), tags)) {
          buckets.add(bucket.name());
        }
      }
    }
    return List.copyOf(buckets);
  }

  /** Whether {@code selector} selects {@code bucket}: its name patterns, then its tags. */
  public static boolean matches(
      BucketSelector selector, String bucket, Function<String, Map<String, String>> tagsOf) {
    return compile(selector).matches(bucket, tagsOf);
  }

  /** A selector with its name patterns compiled once, for matching a whole listing. */
  public static Compiled compile(BucketSelector selector) {
    return new Compiled(
        Optional.ofNullable(selector.namePatterns()).orElse(List.of()).stream()
            .map(BucketNameGlob::new)
            .toList(),
        Optional.ofNullable(selector.tags()).orElse(Map.of()));
  }

  /** A selector ready to match: its globs compiled. */
  public record Compiled(List<BucketNameGlob> patterns, Map<String, String> tags) {

    /** Whether the name patterns accept {@code bucket} (true without patterns). */
    public boolean patternsAccept(String bucket) {
      return patterns.isEmpty() || patterns.stream().anyMatch(glob -> glob.matches(bucket));
    }

    /** Whether matching a bucket accepted by the patterns needs its tags. */
    public boolean needsTags() {
      return !tags.isEmpty();
    }

    /** The name patterns first; the tags are read only for buckets they accept. */
    public boolean matches(String bucket, Function<String, Map<String, String>> tagsOf) {
      if (!patternsAccept(bucket)) {
        return false;
      }
      if (tags.isEmpty()) {
        return true;
      }
      try {
        Map<String, String> actual = tagsOf.apply(bucket);
        return tags.entrySet().stream()
            .allMatch(tag -> tag.getValue().equals(actual.get(tag.getKey())));
      } catch (AwsFailure failure) {
        if (failure.kind() == FailureKind.NO_SUCH_BUCKET) {
          return false;
        }
        // A candidate whose tags cannot be read is not governed; say so rather than fail the
        // policy.
        LOG.warn("bucket {} skipped by the tag selector: {}", bucket, failure.getMessage());
        return false;
      }
    }
  }
}
