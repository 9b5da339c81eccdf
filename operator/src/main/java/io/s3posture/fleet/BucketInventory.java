package io.s3posture.fleet;

import io.s3posture.aws.AwsTarget;
import io.s3posture.aws.BucketSummary;
import io.s3posture.aws.S3Gateway;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The buckets each account lists and the tags selectors ask for, shared by every policy: a listing
 * is made once per scope (account, credentials, region) and age, however many policies select from
 * it, and a bucket's tags are read once per age. Change events invalidate what they change.
 *
 * <p>Listings run on the inventory's own threads, one at a time per scope, and callers get a
 * future: a reconciler never waits for AWS, and a scope that times out holds one thread, not one
 * per policy that selects from it.
 */
public final class BucketInventory {

  /** Tags kept at most (least recently read first out). */
  static final int MAX_TAGGED_BUCKETS = 100_000;

  /** A listing and when it started: anything that existed then is in it. */
  private record Listing(List<BucketSummary> buckets, Instant listedAt) {}

  private record Tags(Map<String, String> tags, Instant readAt) {}

  /** A listing under way (started at {@code started}). */
  private record Flight(Instant started, CompletableFuture<List<BucketSummary>> result) {}

  /** A scope's listing under way, and the one its later askers wait for. */
  private static final class Flights {
    Flight current;
    CompletableFuture<List<BucketSummary>> next;
  }

  private final Function<AwsTarget, S3Gateway> gateways;
  private final Clock clock;
  private final ExecutorService listers;
  private final Map<AwsTarget, Listing> listings = new ConcurrentHashMap<>();
  private final Map<AwsTarget, Flights> flights = new HashMap<>();
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
    AtomicInteger threads = new AtomicInteger();
    // as many threads as scopes listing at once (idle ones end after a minute)
    this.listers =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "bucket-listing-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * The buckets {@code target} lists in its region, from a listing that started at most {@code
   * maxAge} before this call (zero: one that starts after it). Blocks; see {@link #bucketsLater}.
   */
  public List<BucketSummary> buckets(AwsTarget target, Duration maxAge) {
    try {
      return bucketsLater(target, maxAge).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  /**
   * The buckets {@code target} lists in its region, from a listing that started at most {@code
   * maxAge} before this call (zero: one that starts after it), without waiting for it. One listing
   * per scope at a time: a listing under way that started late enough is shared, failure included;
   * askers it is too old for share the next one, so a hundred new policies at start-up cost two
   * listings, not a hundred.
   */
  public CompletableFuture<List<BucketSummary>> bucketsLater(AwsTarget target, Duration maxAge) {
    Instant asked = clock.instant();
    Listing known = listings.get(target);
    if (fresh(known, asked, maxAge)) {
      return CompletableFuture.completedFuture(known.buckets());
    }
    synchronized (flights) {
      known = listings.get(target);
      if (fresh(known, asked, maxAge)) {
        return CompletableFuture.completedFuture(known.buckets());
      }
      Flights scope = flights.computeIfAbsent(target, t -> new Flights());
      if (scope.current == null) {
        scope.current = list(target);
        return scope.current.result();
      }
      if (!scope.current.started().isBefore(asked.minus(maxAge))) {
        return scope.current.result();
      }
      if (scope.next == null) {
        scope.next = new CompletableFuture<>();
      }
      return scope.next;
    }
  }

  /**
   * Runs {@code work} on the inventory's threads with a listing as {@link #bucketsLater} gives it
   * (selectors read tags there).
   */
  public <T> CompletableFuture<T> withBuckets(
      AwsTarget target, Duration maxAge, Function<List<BucketSummary>, T> work) {
    return bucketsLater(target, maxAge).thenApplyAsync(work, listers);
  }

  /** Starts a listing of {@code target}. Call holding the flights' lock. */
  private Flight list(AwsTarget target) {
    Flight flight = new Flight(clock.instant(), new CompletableFuture<>());
    listers.execute(
        () -> {
          try {
            List<BucketSummary> buckets =
                List.copyOf(gateways.apply(target).listBuckets(Optional.of(target.region())));
            listings.put(target, new Listing(buckets, flight.started()));
            flight.result().complete(buckets);
          } catch (RuntimeException | Error e) {
            flight.result().completeExceptionally(e);
          } finally {
            landed(target, flight);
          }
        });
    return flight;
  }

  /** A listing ended: the askers waiting for the next one get it now. */
  private void landed(AwsTarget target, Flight flight) {
    synchronized (flights) {
      Flights scope = flights.get(target);
      if (scope == null || scope.current != flight) {
        return;
      }
      CompletableFuture<List<BucketSummary>> waiting = scope.next;
      scope.next = null;
      if (waiting == null) {
        flights.remove(target);
        return;
      }
      scope.current = list(target);
      scope
          .current
          .result()
          .whenComplete(
              (buckets, error) -> {
                if (error != null) {
                  waiting.completeExceptionally(error);
                } else {
                  waiting.complete(buckets);
                }
              });
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
