package io.s3posture.fleet;

import io.s3posture.aws.AwsTarget;
import io.s3posture.aws.BucketSummary;
import io.s3posture.aws.S3Gateway;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The buckets each account lists and the tags selectors ask for, shared by every policy: a listing
 * is made once per scope (account, credentials, region) and age, however many policies select from
 * it, and a bucket's tags are read once per age. Change events invalidate what they change.
 */
public final class BucketInventory {

  /** Tags kept at most (least recently read first out). */
  static final int MAX_TAGGED_BUCKETS = 100_000;

  /** A listing and when it started: anything that existed then is in it. */
  private record Listing(List<BucketSummary> buckets, Instant listedAt) {}

  private record Tags(Map<String, String> tags, Instant readAt) {}

  private final Function<AwsTarget, S3Gateway> gateways;
  private final Clock clock;
  private final Map<AwsTarget, Listing> listings = new ConcurrentHashMap<>();
  private final Map<AwsTarget, Object> listingLocks = new ConcurrentHashMap<>();
  private final Map<BucketKey, Tags> tags =
      java.util.Collections.synchronizedMap(
          new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<BucketKey, Tags> eldest) {
              return size() > MAX_TAGGED_BUCKETS;
            }
          });

  public BucketInventory(Function<AwsTarget, S3Gateway> gateways, Clock clock) {
    this.gateways = Objects.requireNonNull(gateways, "gateways");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The buckets {@code target} lists in its region, from a listing that started at most {@code
   * maxAge} before this call (zero: one that starts after it). One listing per scope at a time:
   * callers that wait for a listing share the next one, so a hundred new policies at start-up cost
   * two listings, not a hundred.
   */
  public List<BucketSummary> buckets(AwsTarget target, Duration maxAge) {
    Instant asked = clock.instant();
    Listing known = listings.get(target);
    if (fresh(known, asked, maxAge)) {
      return known.buckets();
    }
    synchronized (listingLocks.computeIfAbsent(target, t -> new Object())) {
      known = listings.get(target);
      if (fresh(known, asked, maxAge)) {
        return known.buckets();
      }
      Instant now = clock.instant();
      List<BucketSummary> buckets =
          List.copyOf(gateways.apply(target).listBuckets(Optional.of(target.region())));
      listings.put(target, new Listing(buckets, now));
      return buckets;
    }
  }

  /** {@code bucket}'s tags, read at most {@code maxAge} ago. */
  public Map<String, String> tags(AwsTarget target, String bucket, Duration maxAge) {
    BucketKey key = new BucketKey(GovernedPolicy.endpointOf(target), bucket);
    Tags known = tags.get(key);
    if (known != null && !clock.instant().isAfter(known.readAt().plus(maxAge))) {
      return known.tags();
    }
    Instant now = clock.instant();
    Map<String, String> read = Map.copyOf(gateways.apply(target).bucketTags(bucket));
    tags.put(key, new Tags(read, now));
    return read;
  }

  /** A bucket was created or deleted at {@code endpoint}: listings there are stale. */
  public void bucketsChanged(String endpoint) {
    listings.keySet().removeIf(target -> GovernedPolicy.endpointOf(target).equals(endpoint));
  }

  /** A bucket's tags changed. */
  public void tagsChanged(BucketKey key) {
    tags.remove(key);
  }

  private static boolean fresh(Listing listing, Instant asked, Duration maxAge) {
    return listing != null && !listing.listedAt().isBefore(asked.minus(maxAge));
  }
}
