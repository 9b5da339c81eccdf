package io.s3posture.fleet;

import io.s3posture.api.v1alpha1.BucketTargets;
import io.s3posture.aws.AwsFailure;
import io.s3posture.aws.AwsTarget;
import io.s3posture.aws.BucketSummary;
import io.s3posture.aws.S3Gateway;
import io.s3posture.concurrent.DaemonThreadFactory;
import io.s3posture.target.BucketTargetResolver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
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
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The buckets each account lists and the tags selectors ask for, shared by every policy: a listing
 * is made once per scope (account, credentials, region) and age, however many policies select from
 * it, and a bucket's tags are read once per listing, however many tag selectors look at it (reads
 * of the same bucket's tags at the same time are one read). Change events invalidate what they
 * change.
 *
 * <p>Sweeps select on the inventory's own threads ({@link #selectLater}): a reconciler never waits
 * for AWS. The selections of one scope run one after the other, on one thread at a time: they share
 * its listing anyway, a hundred policies of one account hold one thread rather than a hundred, and
 * a scope whose listing hangs holds its own thread, never a reconcile thread or another scope's.
 */
public final class BucketInventory implements AutoCloseable {

  /** Tags kept at most (least recently read first out). */
  static final int MAX_TAGGED_BUCKETS = 100_000;

  /** How long a selection thread no scope needs stays. */
  static final Duration SELECTOR_KEEP_ALIVE = Duration.ofSeconds(5);

  /** Tag reads of one selection run in parallel, at most this many at a time. */
  static final int TAG_READERS = 8;

  /** A listing and when it started: anything that existed then is in it. */
  public record Listing(List<BucketSummary> buckets, Instant listedAt) {}

  private record Tags(Map<String, String> tags, Instant readAt) {}

  private final Function<AwsTarget, S3Gateway> gateways;
  private final Clock clock;
  private final Map<AwsTarget, Listing> listings = new ConcurrentHashMap<>();
  private final Map<AwsTarget, Object> listingLocks = new ConcurrentHashMap<>();
  private final Map<BucketKey, CompletableFuture<Tags>> tagReads = new ConcurrentHashMap<>();
  private final ExecutorService tagReaders =
      Executors.newFixedThreadPool(TAG_READERS, DaemonThreadFactory.named("tag-read"));
  private final Map<BucketKey, Tags> tags =
      Collections.synchronizedMap(
          new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<BucketKey, Tags> eldest) {
              return size() > MAX_TAGGED_BUCKETS;
            }
          });

  private final ExecutorService selectors;

  /** Per scope, the last selection asked for: the next one runs after it. */
  private final Map<AwsTarget, CompletableFuture<Void>> selectionLanes = new ConcurrentHashMap<>();

  public BucketInventory(Function<AwsTarget, S3Gateway> gateways, Clock clock) {
    this.gateways = Objects.requireNonNull(gateways, "gateways");
    this.clock = Objects.requireNonNull(clock, "clock");
    // as many threads as scopes selecting at once; idle ones end after a few seconds
    this.selectors =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            SELECTOR_KEEP_ALIVE.toSeconds(),
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            DaemonThreadFactory.numbered("bucket-selection"));
  }

  /**
   * {@link #select(AwsTarget, BucketTargets, Instant)} on the inventory's threads, after the
   * selections of the same scope asked for before it; the future fails with the listing's
   * AwsFailure.
   */
  public CompletableFuture<List<String>> selectLater(
      AwsTarget target, BucketTargets targets, Instant notBefore) {
    CompletableFuture<List<String>> selection = new CompletableFuture<>();
    CompletableFuture<Void> turn =
        selectionLanes.compute(
            target,
            (scope, last) ->
                (last == null ? CompletableFuture.<Void>completedFuture(null) : last)
                    .thenRunAsync(
                        () -> selectInto(selection, target, targets, notBefore), selectors));
    turn.whenComplete(
        (ignored, rejected) -> {
          if (rejected != null) { // the inventory closed
            selection.completeExceptionally(rejected);
          }
          selectionLanes.remove(target, turn);
        });
    return selection;
  }

  private void selectInto(
      CompletableFuture<List<String>> selection,
      AwsTarget target,
      BucketTargets targets,
      Instant notBefore) {
    try {
      selection.complete(select(target, targets, notBefore));
    } catch (RuntimeException failure) {
      selection.completeExceptionally(failure);
    }
  }

  /**
   * The buckets {@code target} lists in its region, from a listing that started at most {@code
   * maxAge} before this call (zero: one that starts after it). One listing per scope at a time:
   * callers that wait for a listing share the next one, so a hundred new policies at start-up cost
   * two listings, not a hundred.
   */
  public List<BucketSummary> buckets(AwsTarget target, Duration maxAge) {
    return listing(target, maxAge).buckets();
  }

  /** As {@link #buckets}, with the time the listing started. */
  public Listing listing(AwsTarget target, Duration maxAge) {
    return listing(target, clock.instant().minus(maxAge));
  }

  /**
   * A listing of {@code target}'s buckets that started at {@code notBefore} or later: the one
   * known, or a new one. Callers that wait while another lists share the next listing.
   */
  public Listing listing(AwsTarget target, Instant notBefore) {
    Listing known = listings.get(target);
    if (fresh(known, notBefore)) {
      return known;
    }
    synchronized (listingLocks.computeIfAbsent(target, t -> new Object())) {
      known = listings.get(target);
      if (fresh(known, notBefore)) {
        return known;
      }
      Instant now = clock.instant();
      Listing listing =
          new Listing(
              List.copyOf(gateways.apply(target).listBuckets(Optional.of(target.region()))), now);
      listings.put(target, listing);
      return listing;
    }
  }

  /**
   * The buckets {@code targets} names or selects in {@code target}'s scope: the selector is matched
   * against a listing at most {@code maxAge} old, and tag selectors against tags read since that
   * listing started (so every policy that selects from one listing shares one read of each bucket's
   * tags). Only buckets the selector's name patterns accept have their tags read; a selector of
   * tags only reads the tags of every listed bucket, once per listing. Sorted, distinct; throws
   * AwsFailure when the listing fails.
   */
  public List<String> select(AwsTarget target, BucketTargets targets, Duration maxAge) {
    return select(target, targets, clock.instant().minus(maxAge));
  }

  /** As above, from a listing that started at {@code notBefore} or later. */
  public List<String> select(AwsTarget target, BucketTargets targets, Instant notBefore) {
    if (targets.selector() == null) {
      return new BucketTargetResolver().resolve(targets, List::of, bucket -> Map.of());
    }
    Listing listing = listing(target, notBefore);
    Map<String, CompletableFuture<Map<String, String>>> reads =
        readTagsAhead(target, targets, listing);
    return new BucketTargetResolver()
        .resolve(
            targets,
            listing::buckets,
            bucket ->
                reads.containsKey(bucket)
                    ? join(reads.get(bucket))
                    : tags(target, bucket, listing.listedAt()));
  }

  /**
   * Starts the tag reads a tag selector will need, {@link #TAG_READERS} at a time: the buckets its
   * name patterns accept that it does not name.
   */
  private Map<String, CompletableFuture<Map<String, String>>> readTagsAhead(
      AwsTarget target, BucketTargets targets, Listing listing) {
    BucketTargetResolver.Compiled selector = BucketTargetResolver.compile(targets.selector());
    if (!selector.needsTags()) {
      return Map.of();
    }
    List<String> named = Optional.ofNullable(targets.names()).orElse(List.of());
    Map<String, CompletableFuture<Map<String, String>>> reads = new HashMap<>();
    for (BucketSummary bucket : listing.buckets()) {
      if (!named.contains(bucket.name()) && selector.patternsAccept(bucket.name())) {
        reads.put(
            bucket.name(),
            CompletableFuture.supplyAsync(
                () -> tags(target, bucket.name(), listing.listedAt()), tagReaders));
      }
    }
    return reads;
  }

  /** {@code bucket}'s tags, read at most {@code maxAge} ago. */
  public Map<String, String> tags(AwsTarget target, String bucket, Duration maxAge) {
    return tags(target, bucket, clock.instant().minus(maxAge));
  }

  /**
   * {@code bucket}'s tags from a read that started at {@code notBefore} or later; callers asking
   * for the same bucket while it is read share that read.
   */
  public Map<String, String> tags(AwsTarget target, String bucket, Instant notBefore) {
    BucketKey key = new BucketKey(GovernedPolicy.endpointOf(target), bucket);
    Tags known = tags.get(key);
    if (known != null && !known.readAt().isBefore(notBefore)) {
      return known.tags();
    }
    CompletableFuture<Tags> mine = new CompletableFuture<>();
    CompletableFuture<Tags> running = tagReads.putIfAbsent(key, mine);
    if (running != null) {
      Tags shared = join(running);
      if (!shared.readAt().isBefore(notBefore)) {
        return shared.tags();
      }
      return read(target, bucket, new CompletableFuture<>()).tags(); // that read began too early
    }
    try {
      Tags read = read(target, bucket, mine);
      tags.put(key, read);
      return read.tags();
    } finally {
      tagReads.remove(key, mine);
    }
  }

  private Tags read(AwsTarget target, String bucket, CompletableFuture<Tags> done) {
    Instant now = clock.instant();
    try {
      Tags read = new Tags(Map.copyOf(gateways.apply(target).bucketTags(bucket)), now);
      done.complete(read);
      return read;
    } catch (RuntimeException failure) {
      done.completeExceptionally(failure);
      throw failure;
    }
  }

  private static <T> T join(CompletableFuture<T> read) {
    try {
      return read.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof AwsFailure failure) {
        throw failure;
      }
      throw e;
    }
  }

  /** A bucket was created or deleted at {@code endpoint}: listings there are stale. */
  public void bucketsChanged(String endpoint) {
    listings.keySet().removeIf(target -> GovernedPolicy.endpointOf(target).equals(endpoint));
  }

  /** A bucket's tags changed. */
  public void tagsChanged(BucketKey key) {
    tags.remove(key);
  }

  @Override
  public void close() {
    tagReaders.shutdownNow();
    selectors.shutdownNow();
  }

  private static boolean fresh(Listing listing, Instant notBefore) {
    return listing != null && !listing.listedAt().isBefore(notBefore);
  }
}
