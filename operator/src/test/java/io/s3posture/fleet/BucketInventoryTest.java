package io.s3posture.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.s3posture.api.v1alpha1.BucketSelector;
import io.s3posture.api.v1alpha1.BucketTargets;
import io.s3posture.aws.AwsFailure;
import io.s3posture.aws.AwsTarget;
import io.s3posture.aws.BucketSummary;
import io.s3posture.aws.FailureKind;
import io.s3posture.aws.S3Gateway;
import io.s3posture.testing.MovableClock;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the shared inventory costs in AWS calls: listings per scope and age, tag reads per bucket
 * and listing, whatever the number of policies.
 */
class BucketInventoryTest {

  private static final AwsTarget ACCOUNT = AwsTarget.of("eu-west-1").withAccountId("111122223333");
  private static final Duration INTERVAL = Duration.ofMinutes(10);

  private final Account account = new Account();
  private final MovableClock clock = new MovableClock();
  private final BucketInventory inventory = new BucketInventory(t -> account.gateway(), clock);

  @AfterEach
  void close() {
    inventory.close();
  }

  @Test
  void aHundredPoliciesOfOneAccountShareOneListingPerInterval() {
    account.buckets(1_000, i -> "team-" + (i % 100) + "-" + i, i -> Map.of());

    for (int cycle = 0; cycle < 3; cycle++) {
      for (int policy = 0; policy < 100; policy++) {
        List<String> selected =
            inventory.select(ACCOUNT, patterns("team-" + policy + "-*"), INTERVAL);
        assertThat(selected).hasSize(10);
        clock.advance(Duration.ofSeconds(5)); // the policies' sweeps spread over the interval
      }
      clock.advance(INTERVAL.minus(Duration.ofSeconds(499)));
    }

    assertThat(account.listings.get()).as("one listing per interval, not per policy").isEqualTo(3);
    assertThat(account.tagReads.get()).isZero();
  }

  @Test
  void namesAloneNeedNoListing() {
    List<String> selected =
        inventory.select(ACCOUNT, new BucketTargets(List.of("b", "a"), null), Duration.ZERO);

    assertThat(selected).containsExactly("a", "b");
    assertThat(account.listings.get()).isZero();
  }

  @Test
  void newPoliciesWaitingForAListingShareTheNextOneAndItsTagReads() throws Exception {
    account.buckets(10, i -> "bucket-" + i, i -> Map.of("team", "a"));
    BucketTargets byTag = new BucketTargets(null, new BucketSelector(null, Map.of("team", "a")));
    CountDownLatch release = account.holdListings();
    List<Integer> selected = new CopyOnWriteArrayList<>();
    Thread starter =
        new Thread(() -> selected.add(inventory.select(ACCOUNT, byTag, Duration.ZERO).size()));
    starter.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> account.listings.get() == 1);
    clock.advance(Duration.ofSeconds(1)); // the others ask after that listing started
    List<Thread> policies = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Thread policy =
          new Thread(() -> selected.add(inventory.select(ACCOUNT, byTag, Duration.ZERO).size()));
      policies.add(policy);
      policy.start();
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> policies.stream().allMatch(t -> t.getState() == Thread.State.BLOCKED));
    release.countDown();
    starter.join(TimeUnit.SECONDS.toMillis(10));
    for (Thread policy : policies) {
      policy.join(TimeUnit.SECONDS.toMillis(10));
    }

    assertThat(account.listings.get())
        .as("the held listing and one for all who waited")
        .isEqualTo(2);
  }

  @Test
  void selectionsOfOneScopeHoldOneThreadAndAnotherScopeDoesNotWaitForThem() {
    AwsTarget otherAccount = AwsTarget.of("eu-west-1").withAccountId("444455556666");
    Account other = new Account();
    other.buckets(3, i -> "other-" + i, i -> Map.of());
    account.buckets(10, i -> "bucket-" + i, i -> Map.of());
    try (BucketInventory shared =
        new BucketInventory(
            t -> t.equals(otherAccount) ? other.gateway() : account.gateway(), clock)) {
      CountDownLatch release = account.holdListings();
      List<CompletableFuture<List<String>>> policies = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        policies.add(shared.selectLater(ACCOUNT, patterns("bucket-*"), clock.instant()));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> account.listings.get() == 1);

      assertThat(shared.selectLater(otherAccount, patterns("*"), clock.instant()))
          .as("another scope, while the first one's listing hangs")
          .succeedsWithin(Duration.ofSeconds(10))
          .satisfies(selected -> assertThat(selected).hasSize(3));
      assertThat(threadsSelecting()).as("twenty policies of one scope, one thread").isEqualTo(1);

      release.countDown();
      for (var policy : policies) {
        assertThat(policy).succeedsWithin(Duration.ofSeconds(10));
        assertThat(policy.join()).hasSize(10);
      }
      assertThat(account.listings.get()).as("one listing for all twenty").isEqualTo(1);
    }
  }

  private static long threadsSelecting() {
    return Thread.getAllStackTraces().values().stream()
        .filter(
            stack ->
                Arrays.stream(stack)
                    .anyMatch(
                        frame ->
                            frame.getClassName().equals(BucketInventory.class.getName())
                                && frame.getMethodName().equals("select")))
        .count();
  }

  @Test
  void tagsAreReadOnlyForBucketsTheNamePatternsAccept() {
    account.buckets(
        200,
        i -> (i < 20 ? "payments-" : "other-") + i,
        i -> i % 2 == 0 ? Map.of("data-class", "confidential") : Map.of());

    List<String> selected =
        inventory.select(
            ACCOUNT,
            new BucketTargets(
                null,
                new BucketSelector(List.of("payments-*"), Map.of("data-class", "confidential"))),
            INTERVAL);

    assertThat(selected).hasSize(10).allMatch(b -> b.startsWith("payments-"));
    assertThat(account.tagReads.get()).as("tag reads: the 20 candidates only").isEqualTo(20);
  }

  /**
   * A selector of tags only has no name pattern to narrow the candidates: it costs one
   * GetBucketTagging per listed bucket and listing, shared by every tag selector of the scope.
   */
  @Test
  void tagOnlySelectorsReadEveryListedBucketOncePerListingWhateverTheirNumber() {
    account.buckets(
        300, i -> "bucket-" + i, i -> Map.of("team", "t" + (i % 3), "env", i % 2 == 0 ? "a" : "b"));

    for (int cycle = 1; cycle <= 2; cycle++) {
      for (int policy = 0; policy < 10; policy++) {
        List<String> selected =
            inventory.select(
                ACCOUNT,
                new BucketTargets(
                    null, new BucketSelector(null, Map.of("team", "t" + (policy % 3)))),
                INTERVAL);
        assertThat(selected).hasSize(100);
        clock.advance(Duration.ofSeconds(10));
      }
      assertThat(account.tagReads.get())
          .as("tag reads after cycle %d: 300 buckets per listing, not per policy", cycle)
          .isEqualTo(300 * cycle);
      clock.advance(INTERVAL);
    }
    assertThat(account.listings.get()).isEqualTo(2);
  }

  @Test
  void aNewPolicyUsesTagsReadSinceTheListingItSelectsFrom() {
    account.buckets(50, i -> "bucket-" + i, i -> Map.of("team", "a"));
    BucketTargets byTag = new BucketTargets(null, new BucketSelector(null, Map.of("team", "a")));

    inventory.select(ACCOUNT, byTag, INTERVAL);
    clock.advance(Duration.ofSeconds(30));
    account.retag("bucket-7", Map.of("team", "b"));
    // a new spec sees a fresh listing, hence fresh tags
    List<String> fresh = inventory.select(ACCOUNT, byTag, Duration.ZERO);

    assertThat(fresh).hasSize(49).doesNotContain("bucket-7");
    assertThat(account.listings.get()).isEqualTo(2);
    assertThat(account.tagReads.get()).isEqualTo(100);
  }

  @Test
  void readsOfOneBucketsTagsAtTheSameTimeAreOneRead() throws Exception {
    account.buckets(1, i -> "shared", i -> Map.of("team", "a"));
    CountDownLatch release = account.holdTagReads();
    Instant notBefore = clock.instant();
    AtomicReference<Map<String, String>> first = new AtomicReference<>();
    AtomicReference<Map<String, String>> second = new AtomicReference<>();
    Thread a = new Thread(() -> first.set(inventory.tags(ACCOUNT, "shared", notBefore)));
    Thread b = new Thread(() -> second.set(inventory.tags(ACCOUNT, "shared", notBefore)));
    a.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> account.tagReads.get() == 1);
    b.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> b.getState() == Thread.State.WAITING);
    release.countDown();
    a.join(10_000);
    b.join(10_000);

    assertThat(first.get()).isEqualTo(second.get()).isEqualTo(Map.of("team", "a"));
    assertThat(account.tagReads.get()).isEqualTo(1);
  }

  @Test
  void aBucketWhoseTagsCannotBeReadIsNotSelectedAndIsReadAgainNextTime() {
    account.buckets(5, i -> "bucket-" + i, i -> Map.of("team", "a"));
    account.deniedTags.add("bucket-3");
    BucketTargets byTag = new BucketTargets(null, new BucketSelector(null, Map.of("team", "a")));

    assertThat(inventory.select(ACCOUNT, byTag, INTERVAL)).hasSize(4).doesNotContain("bucket-3");
    account.deniedTags.clear();
    assertThat(inventory.select(ACCOUNT, byTag, INTERVAL)).hasSize(5);
    assertThat(account.tagReads.get()).as("5, then the failed one again").isEqualTo(6);
  }

  @Test
  void aListingThatFailsIsTheCallersFailureAndIsNotRemembered() {
    account.failListings.set(true);
    BucketTargets all = patterns("*");

    assertThatThrownBy(() -> inventory.select(ACCOUNT, all, INTERVAL))
        .isInstanceOf(AwsFailure.class);
    account.failListings.set(false);
    account.buckets(2, i -> "bucket-" + i, i -> Map.of());
    assertThat(inventory.select(ACCOUNT, all, INTERVAL)).hasSize(2);
  }

  private static BucketTargets patterns(String... globs) {
    return new BucketTargets(null, new BucketSelector(List.of(globs), null));
  }

  /** One account's buckets behind an S3Gateway that counts listings and tag reads. */
  private static final class Account {
    final Map<String, Map<String, String>> tags = new ConcurrentHashMap<>();
    final List<String> names = new CopyOnWriteArrayList<>();
    final Set<String> deniedTags = ConcurrentHashMap.newKeySet();
    final AtomicInteger listings = new AtomicInteger();
    final AtomicInteger tagReads = new AtomicInteger();
    final AtomicBoolean failListings = new AtomicBoolean();
    volatile CountDownLatch listingGate = new CountDownLatch(0);
    volatile CountDownLatch tagGate = new CountDownLatch(0);

    void buckets(int count, IntFunction<String> name, IntFunction<Map<String, String>> tagsOf) {
      IntStream.range(0, count)
          .forEach(
              i -> {
                names.add(name.apply(i));
                tags.put(name.apply(i), tagsOf.apply(i));
              });
    }

    void retag(String bucket, Map<String, String> newTags) {
      tags.put(bucket, newTags);
    }

    CountDownLatch holdListings() {
      listingGate = new CountDownLatch(1);
      return listingGate;
    }

    CountDownLatch holdTagReads() {
      tagGate = new CountDownLatch(1);
      return tagGate;
    }

    /** Only the calls the inventory makes; anything else is a test error. */
    S3Gateway gateway() {
      return (S3Gateway)
          Proxy.newProxyInstance(
              S3Gateway.class.getClassLoader(),
              new Class<?>[] {S3Gateway.class},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "listBuckets" -> list();
                    case "bucketTags" -> tagsOf((String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                  });
    }

    private List<BucketSummary> list() throws InterruptedException {
      listings.incrementAndGet();
      listingGate.await();
      if (failListings.get()) {
        throw new AwsFailure(FailureKind.ACCESS_DENIED, "ListBuckets", "AccessDenied", "no", null);
      }
      return names.stream().map(n -> new BucketSummary(n, Optional.of("eu-west-1"))).toList();
    }

    private Map<String, String> tagsOf(String bucket) throws InterruptedException {
      tagReads.incrementAndGet();
      tagGate.await();
      if (deniedTags.contains(bucket)) {
        throw new AwsFailure(
            FailureKind.ACCESS_DENIED, "GetBucketTagging", "AccessDenied", "denied", null);
      }
      return tags.get(bucket);
    }
  }

  /** A clock the test moves. */
}
