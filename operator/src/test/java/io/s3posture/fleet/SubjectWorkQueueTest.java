package io.s3posture.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.s3posture.control.ControlName;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scheduler of bucket checks: one check per bucket at a time, coalesced, fair, bounded. */
class SubjectWorkQueueTest {

  private SubjectWorkQueue queue;

  /** A worker that records what it checked and can hold checks until released. */
  private static final class RecordingWorker implements SubjectWorkQueue.Worker {
    final List<String> checked = new CopyOnWriteArrayList<>();
    final Map<String, List<Trigger>> triggers = new ConcurrentHashMap<>();
    final Map<String, Optional<Set<ControlName>>> controls = new ConcurrentHashMap<>();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    final Map<String, AtomicInteger> runningPerBucket = new ConcurrentHashMap<>();
    final AtomicInteger mostPerBucket = new AtomicInteger();
    volatile CountDownLatch gate = new CountDownLatch(0);
    final Set<String> failingAccounts = ConcurrentHashMap.newKeySet();

    /** Buckets (by prefix) that pass the gate without waiting. */
    final Set<String> passing = ConcurrentHashMap.newKeySet();

    @Override
    public SubjectWorkQueue.Result check(
        SubjectKey key, Optional<Set<ControlName>> only, List<Trigger> why) {
      int now = running.incrementAndGet();
      mostAtOnce.accumulateAndGet(now, Math::max);
      int same =
          runningPerBucket.computeIfAbsent(key.name(), b -> new AtomicInteger()).incrementAndGet();
      mostPerBucket.accumulateAndGet(same, Math::max);
      try {
        if (passing.stream().noneMatch(key.name()::startsWith)) {
          gate.await(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      checked.add(key.name());
      triggers.put(key.name(), why);
      controls.put(key.name(), only);
      runningPerBucket.get(key.name()).decrementAndGet();
      running.decrementAndGet();
      return failingAccounts.stream().anyMatch(key.name()::startsWith)
          ? SubjectWorkQueue.Result.FAILED_TRANSIENTLY
          : SubjectWorkQueue.Result.CHECKED;
    }
  }

  private final RecordingWorker worker = new RecordingWorker();

  @AfterEach
  void stop() {
    worker.gate.countDown();
    if (queue != null) {
      queue.close();
    }
  }

  private static SubjectWorkQueue.Request sweep(String source, String bucket, String account) {
    return new SubjectWorkQueue.Request(
        new BucketKey("aws", bucket), source, false, Optional.empty(), Trigger.SWEEP, account);
  }

  private static SubjectWorkQueue.Request event(String bucket, String control) {
    return new SubjectWorkQueue.Request(
        new BucketKey("aws", bucket),
        "events",
        true,
        Optional.of(Set.of(ControlName.of(control))),
        Trigger.changeEvent("PutBucketEncryption", Optional.of("arn:x"), Instant.EPOCH),
        "a");
  }

  @Test
  void requestsForAQueuedBucketCoalesceIntoOneCheck() throws Exception {
    worker.gate = new CountDownLatch(1);
    queue = new SubjectWorkQueue(worker, 1, 1, 100);
    queue.submit(sweep("p", "blocker", "a"));
    await().until(() -> worker.running.get() == 1);

    List<CompletableFuture<SubjectWorkQueue.Result>> done =
        List.of(
            queue.submit(event("b", "encryption")),
            queue.submit(event("b", "versioning")),
            queue.submit(sweep("p", "b", "a")));
    worker.gate.countDown();

    for (CompletableFuture<SubjectWorkQueue.Result> d : done) {
      assertThat(d.get(10, TimeUnit.SECONDS)).isEqualTo(SubjectWorkQueue.Result.CHECKED);
    }
    assertThat(worker.checked).containsExactly("blocker", "b");
    assertThat(worker.controls.get("b")).as("a sweep widens to every control").isEmpty();
    assertThat(worker.triggers.get("b")).hasSize(2);
  }

  @Test
  void aBucketIsNeverCheckedTwiceAtOnceAndARequestWhileRunningRunsAfter() throws Exception {
    worker.gate = new CountDownLatch(1);
    queue = new SubjectWorkQueue(worker, 4, 4, 100);
    queue.submit(sweep("p", "b", "a"));
    await().until(() -> worker.running.get() == 1);

    CompletableFuture<SubjectWorkQueue.Result> second = queue.submit(sweep("q", "b", "a"));
    worker.gate.countDown();

    assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(SubjectWorkQueue.Result.CHECKED);
    assertThat(worker.checked).containsExactly("b", "b");
    assertThat(worker.mostPerBucket.get()).isEqualTo(1);
  }

  @Test
  void aBucketRequestedAgainWhileItRunsTakesItsTurnAfterTheOthersOfItsAccount() throws Exception {
    worker.gate = new CountDownLatch(1);
    queue = new SubjectWorkQueue(worker, 4, 1, 100);
    queue.submit(sweep("p", "busy", "a"));
    await().until(() -> worker.running.get() == 1);
    queue.submit(sweep("q", "other", "a"));
    CompletableFuture<SubjectWorkQueue.Result> again = queue.submit(sweep("p", "busy", "a"));

    worker.gate.countDown();

    again.get(10, TimeUnit.SECONDS);
    assertThat(worker.checked).containsExactly("busy", "other", "busy");
  }

  @Test
  void aBigSweepDoesNotStarveASmallOne() throws Exception {
    worker.gate = new CountDownLatch(1);
    queue = new SubjectWorkQueue(worker, 1, 1, 100_000);
    queue.submit(sweep("big", "blocker", "a"));
    await().until(() -> worker.running.get() == 1);
    for (int i = 0; i < 1000; i++) {
      queue.submit(sweep("big", "big-" + i, "a"));
    }
    CompletableFuture<SubjectWorkQueue.Result> small = queue.submit(sweep("small", "small-0", "a"));
    worker.gate.countDown();

    small.get(10, TimeUnit.SECONDS);
    assertThat(worker.checked.indexOf("small-0")).as("served in turn").isLessThanOrEqualTo(2);
  }

  @Test
  void aSmallSweepThatSharesABucketWithABigOneIsNotHeldToItsPace() throws Exception {
    worker.gate = new CountDownLatch(1);
    queue = new SubjectWorkQueue(worker, 1, 1, 100_000);
    queue.submit(sweep("big", "blocker", "a"));
    await().until(() -> worker.running.get() == 1);
    List<CompletableFuture<SubjectWorkQueue.Result>> big = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      big.add(queue.submit(sweep("big", "big-" + i, "a")));
    }
    CompletableFuture<SubjectWorkQueue.Result> small = queue.submit(sweep("small", "big-900", "a"));
    worker.gate.countDown();

    assertThat(small.get(10, TimeUnit.SECONDS)).isEqualTo(SubjectWorkQueue.Result.CHECKED);
    assertThat(worker.checked.indexOf("big-900"))
        .as("served in the small sweep's turn")
        .isLessThanOrEqualTo(2);
    assertThat(big.get(900).get(10, TimeUnit.SECONDS))
        .as("one check for both sweeps")
        .isEqualTo(SubjectWorkQueue.Result.CHECKED);
    await().until(() -> worker.checked.size() == 1001);
    assertThat(worker.checked).doesNotHaveDuplicates();
  }

  @Test
  void cancellingOneOfTwoSweepsKeepsTheirSharedBucketForTheOther() throws Exception {
    worker.gate = new CountDownLatch(1);
    queue = new SubjectWorkQueue(worker, 1, 1, 100);
    queue.submit(sweep("keep", "running", "a"));
    await().until(() -> worker.running.get() == 1);
    queue.submit(sweep("big", "only-big", "a"));
    CompletableFuture<SubjectWorkQueue.Result> forBig = queue.submit(sweep("big", "shared", "a"));
    CompletableFuture<SubjectWorkQueue.Result> forSmall =
        queue.submit(sweep("small", "shared", "a"));
    CompletableFuture<SubjectWorkQueue.Result> forOther = queue.submit(sweep("other", "x", "a"));
    CompletableFuture<SubjectWorkQueue.Result> forOtherShared =
        queue.submit(sweep("other", "shared", "a"));

    queue.cancel("small");
    queue.cancel("big");
    worker.gate.countDown();

    assertThat(forOtherShared.get(10, TimeUnit.SECONDS)).isEqualTo(SubjectWorkQueue.Result.CHECKED);
    assertThat(forOther.get(10, TimeUnit.SECONDS)).isEqualTo(SubjectWorkQueue.Result.CHECKED);
    assertThat(forBig.get(1, TimeUnit.SECONDS)).isEqualTo(SubjectWorkQueue.Result.CHECKED);
    assertThat(forSmall.get(1, TimeUnit.SECONDS)).isEqualTo(SubjectWorkQueue.Result.CHECKED);
    await().atMost(Duration.ofSeconds(5)).until(() -> queue.running() == 0);
    assertThat(worker.checked).containsExactlyInAnyOrder("running", "shared", "x");
  }

  @Test
  void urgentRequestsGoFirst() throws Exception {
    worker.gate = new CountDownLatch(1);
    queue = new SubjectWorkQueue(worker, 1, 1, 100_000);
    queue.submit(sweep("big", "blocker", "a"));
    await().until(() -> worker.running.get() == 1);
    for (int i = 0; i < 100; i++) {
      queue.submit(sweep("big", "big-" + i, "a"));
    }
    CompletableFuture<SubjectWorkQueue.Result> urgent =
        queue.submit(event("attacked", "encryption"));
    worker.gate.countDown();

    urgent.get(10, TimeUnit.SECONDS);
    assertThat(worker.checked.indexOf("attacked")).isEqualTo(1);
  }

  @Test
  void oneAccountGetsAtMostItsShareOfTheWorkers() throws Exception {
    worker.gate = new CountDownLatch(1);
    queue = new SubjectWorkQueue(worker, 4, 2, 100);
    for (int i = 0; i < 6; i++) {
      // two policies: one policy's first checks alone would leave a lane to the account's others
      queue.submit(sweep("slow-" + i % 2, "slow-" + i, "slow-account"));
    }
    CompletableFuture<SubjectWorkQueue.Result> other = queue.submit(sweep("fast", "fast", "other"));

    await().until(() -> worker.running.get() == 3);
    assertThat(worker.mostAtOnce.get()).isEqualTo(3);
    worker.gate.countDown();
    other.get(10, TimeUnit.SECONDS);
    await().until(() -> worker.checked.size() == 7);
  }

  @Test
  void anAccountWhoseChecksFailTransientlyRunsOneAtATimeAndHealthyOnesKeepTheirWorkers()
      throws Exception {
    queue = new SubjectWorkQueue(worker, 8, 8, 100);
    worker.failingAccounts.add("down");
    queue.submit(sweep("down", "down-first", "down")).get(10, TimeUnit.SECONDS);
    await().until(() -> queue.running() == 0);
    assertThat(queue.accountLimit("down")).isEqualTo(1);

    worker.gate = new CountDownLatch(1);
    for (int i = 0; i < 6; i++) {
      queue.submit(sweep("down", "down-" + i, "down"));
    }
    for (int i = 0; i < 2; i++) {
      queue.submit(sweep("up", "up-" + i, "up"));
    }
    await().until(() -> worker.running.get() == 3);
    assertThat(
            worker.runningPerBucket.entrySet().stream()
                .filter(e -> e.getKey().startsWith("down") && e.getValue().get() > 0))
        .as("one check of the failing account at a time")
        .hasSize(1);
    worker.gate.countDown();
    await().until(() -> worker.checked.size() == 9);
  }

  @Test
  void failingAccountsTogetherTakeAtMostAQuarterOfTheWorkers() throws Exception {
    queue = new SubjectWorkQueue(worker, 8, 8, 100);
    for (int i = 0; i < 6; i++) {
      worker.failingAccounts.add("down" + i);
      queue.submit(sweep("s" + i, "down" + i + "-first", "down" + i)).get(10, TimeUnit.SECONDS);
    }
    await().until(() -> queue.running() == 0);

    worker.gate = new CountDownLatch(1);
    for (int i = 0; i < 6; i++) {
      queue.submit(sweep("s" + i, "down" + i + "-again", "down" + i));
    }
    queue.submit(sweep("healthy", "up-0", "up"));
    queue.submit(sweep("healthy", "up-1", "up"));
    await().until(() -> worker.running.get() == 4);
    assertThat(
            worker.runningPerBucket.entrySet().stream()
                .filter(e -> e.getKey().startsWith("down") && e.getValue().get() > 0))
        .as("8 workers / 4 for failing accounts")
        .hasSize(2);
    worker.gate.countDown();
    await().until(() -> worker.checked.size() == 14);
  }

  @Test
  void aPolicysSlowBucketsHoldOnlyTheSlowLanesAndTheAccountsOtherBucketsKeepTheRest()
      throws Exception {
    queue = new SubjectWorkQueue(worker, 8, 8, 100);
    worker.failingAccounts.add("slow-");
    for (int i = 0; i < 6; i++) {
      queue.submit(sweep("slow", "slow-" + i, "a")).get(10, TimeUnit.SECONDS);
    }
    queue.submit(sweep("fast", "warm-up", "a")).get(10, TimeUnit.SECONDS);
    await().until(() -> queue.running() == 0);
    assertThat(queue.accountLimit("a")).as("a success ends the account's failing").isEqualTo(2);

    worker.gate = new CountDownLatch(1);
    worker.failingAccounts.clear();
    worker.passing.add("fast-");
    List<CompletableFuture<SubjectWorkQueue.Result>> fast = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      queue.submit(sweep("slow", "slow-" + i, "a"));
      fast.add(queue.submit(sweep("fast", "fast-" + i, "a")));
    }
    for (CompletableFuture<SubjectWorkQueue.Result> done : fast) {
      assertThat(done.get(10, TimeUnit.SECONDS)).isEqualTo(SubjectWorkQueue.Result.CHECKED);
    }
    // every fast bucket was checked while the slow ones held their lanes: 8 / 4 = 2 of them
    await().until(() -> worker.running.get() == 2);
    assertThat(worker.checked.stream().filter(b -> b.startsWith("slow-")))
        .as("the slow buckets' second checks are all still held")
        .hasSize(6);
    worker.gate.countDown();
    await().until(() -> worker.checked.size() == 7 + 12);
  }

  @Test
  void aCheckRunningLongerThanTheThresholdFreesItsFastLane() throws Exception {
    AtomicLong nanos = new AtomicLong();
    queue = new SubjectWorkQueue(worker, 8, 8, 100, Duration.ofMillis(200), nanos::get);
    queue.submit(sweep("p", "first", "a")).get(10, TimeUnit.SECONDS);
    queue.submit(sweep("p", "second", "a")).get(10, TimeUnit.SECONDS);
    await().until(() -> queue.accountLimit("a") == 4);

    worker.gate = new CountDownLatch(1);
    worker.passing.add("late");
    for (int i = 0; i < 4; i++) {
      queue.submit(sweep("p", "held-" + i, "a"));
    }
    await().until(() -> worker.running.get() == 4);
    CompletableFuture<SubjectWorkQueue.Result> late = queue.submit(sweep("q", "late", "a"));
    assertThat(late).as("the account's four fast lanes are taken").isNotDone();

    nanos.addAndGet(Duration.ofSeconds(1).toNanos());

    assertThat(late.get(10, TimeUnit.SECONDS)).isEqualTo(SubjectWorkQueue.Result.CHECKED);
    assertThat(worker.running.get()).as("the slow ones still run").isEqualTo(4);
  }

  @Test
  void aPolicyWithASlowCheckRunningStartsItsNewBucketsOnlyInTheSlowLanes() throws Exception {
    AtomicLong nanos = new AtomicLong();
    queue = new SubjectWorkQueue(worker, 4, 4, 100, Duration.ofMillis(200), nanos::get);
    worker.gate = new CountDownLatch(1);
    queue.submit(sweep("slow", "slow-0", "a"));
    await().until(() -> worker.running.get() == 1);
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());

    worker.passing.add("ok-");
    List<CompletableFuture<SubjectWorkQueue.Result>> ok = new ArrayList<>();
    for (int i = 1; i < 4; i++) {
      queue.submit(sweep("slow", "slow-" + i, "a"));
      ok.add(queue.submit(sweep("ok", "ok-" + i, "a")));
    }
    for (CompletableFuture<SubjectWorkQueue.Result> done : ok) {
      assertThat(done.get(10, TimeUnit.SECONDS)).isEqualTo(SubjectWorkQueue.Result.CHECKED);
    }
    assertThat(worker.running.get())
        .as("4 / 4 = 1 slow lane, held by slow-0: its policy's other new buckets wait")
        .isEqualTo(1);
    worker.gate.countDown();
    await().until(() -> worker.checked.size() == 7);
  }

  @Test
  void aCheckThatFailsAfterTheThresholdMarksItsBucketSlowNotItsAccountFailing() throws Exception {
    AtomicLong nanos = new AtomicLong();
    queue = new SubjectWorkQueue(worker, 4, 4, 100, Duration.ofMillis(200), nanos::get);
    worker.failingAccounts.add("late-");
    worker.gate = new CountDownLatch(1);
    CompletableFuture<SubjectWorkQueue.Result> late = queue.submit(sweep("p", "late-0", "a"));
    await().until(() -> worker.running.get() == 1);
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    worker.gate.countDown();

    assertThat(late.get(10, TimeUnit.SECONDS))
        .isEqualTo(SubjectWorkQueue.Result.FAILED_TRANSIENTLY);
    await().until(() -> queue.running() == 0);
    assertThat(queue.accountLimit("a")).as("not one check at a time").isEqualTo(2);

    queue.submit(sweep("p", "late-1", "a")).get(10, TimeUnit.SECONDS);
    await().until(() -> queue.running() == 0);
    assertThat(queue.accountLimit("a")).as("a fast failure is the account's").isEqualTo(1);
  }

  @Test
  void onePolicysFirstChecksLeaveAQuarterOfTheAccountToOtherPolicies() throws Exception {
    queue = new SubjectWorkQueue(worker, 8, 8, 100);
    for (int i = 0; i < 10; i++) {
      queue.submit(sweep("up", "up-" + i, "a")).get(10, TimeUnit.SECONDS);
    }
    await().until(() -> queue.running() == 0 && queue.accountLimit("a") == 8);

    worker.gate = new CountDownLatch(1);
    for (int i = 0; i < 10; i++) {
      queue.submit(sweep("new", "new-" + i, "a"));
    }
    await().until(() -> worker.running.get() == 6);
    worker.passing.add("up-");
    CompletableFuture<SubjectWorkQueue.Result> requested = queue.submit(sweep("up", "up-0", "a"));

    assertThat(requested.get(10, TimeUnit.SECONDS)).isEqualTo(SubjectWorkQueue.Result.CHECKED);
    assertThat(worker.running.get())
        .as("8 lanes - 2 slow lanes: the new policy's first checks hold 6")
        .isEqualTo(6);
    worker.gate.countDown();
    await().until(() -> worker.checked.size() == 21);
  }

  @Test
  void urgentRequestsBeyondTheCapacityAreDroppedAndSaySo() throws Exception {
    worker.gate = new CountDownLatch(1);
    queue = new SubjectWorkQueue(worker, 1, 1, 2);
    queue.submit(sweep("p", "running", "a"));
    await().until(() -> worker.running.get() == 1);
    queue.submit(event("b1", "encryption"));
    queue.submit(event("b2", "encryption"));

    CompletableFuture<SubjectWorkQueue.Result> refused = queue.submit(event("b3", "encryption"));

    assertThat(refused.get(1, TimeUnit.SECONDS)).isEqualTo(SubjectWorkQueue.Result.DROPPED);
    assertThat(queue.waiting()).isEqualTo(2);
  }

  @Test
  void cancellingASourceDropsItsQueuedBuckets() throws Exception {
    worker.gate = new CountDownLatch(1);
    queue = new SubjectWorkQueue(worker, 1, 1, 100);
    queue.submit(sweep("keep", "running", "a"));
    await().until(() -> worker.running.get() == 1);
    CompletableFuture<SubjectWorkQueue.Result> gone = queue.submit(sweep("deleted", "x", "a"));

    queue.cancel("deleted");
    worker.gate.countDown();

    assertThat(gone.get(1, TimeUnit.SECONDS)).isEqualTo(SubjectWorkQueue.Result.DROPPED);
    await().atMost(Duration.ofSeconds(5)).until(() -> queue.running() == 0);
    assertThat(worker.checked).containsExactly("running");
  }
}
