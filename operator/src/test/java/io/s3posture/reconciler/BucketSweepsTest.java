package io.s3posture.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.api.v1alpha1.BucketSelector;
import io.s3posture.api.v1alpha1.BucketTargets;
import io.s3posture.aws.AwsFailure;
import io.s3posture.aws.AwsTarget;
import io.s3posture.aws.BucketSummary;
import io.s3posture.aws.FailureKind;
import io.s3posture.aws.S3Gateway;
import io.s3posture.control.PolicyRef;
import io.s3posture.events.EventPublisher;
import io.s3posture.events.EventRateLimiter;
import io.s3posture.events.EventReason;
import io.s3posture.fleet.BucketInventory;
import io.s3posture.fleet.ExemptionRules;
import io.s3posture.fleet.GovernedBuckets;
import io.s3posture.fleet.PolicyIndex;
import io.s3posture.fleet.PolicyLedger;
import io.s3posture.fleet.SubjectWorkQueue;
import io.s3posture.fleet.Trigger;
import io.s3posture.metrics.PostureMetrics;
import io.s3posture.status.ConditionReason;
import io.s3posture.testing.MovableClock;
import io.s3posture.testing.RecordingEvents;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When a BucketPolicy is swept and what a sweep does: names are queued at once, selectors resolve
 * off the reconcile thread, a sweep that cannot start is one problem announced once and retried
 * with backoff, and a periodic sweep waits for the one under way.
 */
class BucketSweepsTest {

  private static final Duration INTERVAL = Duration.ofMinutes(5);
  private static final AwsTarget TARGET = AwsTarget.of("eu-west-1").withAccountId("111122223333");

  private final MovableClock clock = new MovableClock();
  private final RecordingEvents events = new RecordingEvents();
  private final List<String> checked = new CopyOnWriteArrayList<>();
  private final List<Trigger> triggers = new CopyOnWriteArrayList<>();
  private final AtomicReference<CountDownLatch> listingGate =
      new AtomicReference<>(new CountDownLatch(0));
  private final AtomicReference<AwsFailure> listingFailure = new AtomicReference<>();
  private final PolicyIndex index = new PolicyIndex();
  private final SubjectWorkQueue queue =
      new SubjectWorkQueue(
          (key, only, why) -> {
            checked.add(key.name());
            triggers.addAll(why);
            index
                .bucketPolicies()
                .forEach(p -> ledger(p).record(key.name(), List.of(), why.get(0), clock.instant()));
            return SubjectWorkQueue.Result.CHECKED;
          },
          2,
          2,
          100);
  private final BucketInventory inventory = new BucketInventory(target -> s3(), clock);
  private final StatusRefresh refresh = new StatusRefresh();
  private final ResyncSchedule schedule = new ResyncSchedule(() -> 0.0);
  private final BucketSweeps sweeps =
      new BucketSweeps(
          inventory,
          queue,
          index,
          schedule,
          new EventPublisher(events, EventRateLimiter.standard(clock), clock),
          new PostureMetrics(new SimpleMeterRegistry(), false, clock),
          refresh,
          clock);

  @AfterEach
  void close() {
    listingGate.get().countDown();
    queue.close();
    inventory.close();
    refresh.close();
  }

  @Test
  void aNamedPolicyQueuesEachBucketAtOnceAndIsUnderWayUntilEachIsChecked() {
    GovernedBuckets policy = govern("names", new BucketTargets(List.of("a", "b"), null));
    PolicyLedger ledger = ledger(policy);

    assertThat(sweeps.due(policy, version(1), ledger)).as("a new policy").isTrue();
    sweeps.start(policy, ledger, version(1));

    assertThat(ledger.governed()).containsExactly("a", "b");
    await().until(() -> checked.size() == 2);
    assertThat(checked).containsExactlyInAnyOrder("a", "b");
    assertThat(triggers).containsOnly(Trigger.SWEEP);
    await().until(() -> !sweeps.underWay(uid(policy), ledger, INTERVAL, clock.instant()));
    assertThat(sweeps.due(policy, version(1), ledger)).as("not before the interval").isFalse();
    assertThat(sweeps.untilDue(uid(policy))).isEqualTo(INTERVAL);
    clock.advance(INTERVAL);
    assertThat(sweeps.due(policy, version(1), ledger)).isTrue();
  }

  @Test
  void aCheckRequestSweepsAtOnceAsARequestedCheck() {
    GovernedBuckets policy = govern("names", new BucketTargets(List.of("a"), null));
    PolicyLedger ledger = ledger(policy);
    sweeps.start(policy, ledger, version(1));
    await().until(() -> checked.size() == 1);

    ResyncSchedule.Version checkNow = new ResyncSchedule.Version(1, "2026-12-01T10:00:00Z");
    assertThat(sweeps.due(policy, checkNow, ledger)).isTrue();
    sweeps.start(policy, ledger, checkNow);

    await().until(() -> checked.size() == 2);
    assertThat(triggers).containsExactly(Trigger.SWEEP, Trigger.CHECK_NOW);
  }

  @Test
  void aSelectorResolvesOffTheCallersThreadAndAPeriodicSweepWaitsForIt() {
    listing.set(List.of(new BucketSummary("payments-1", Optional.of("eu-west-1"))));
    listingGate.set(new CountDownLatch(1));
    GovernedBuckets policy =
        govern(
            "selector",
            new BucketTargets(null, new BucketSelector(List.of("payments-*"), Map.of())));
    PolicyLedger ledger = ledger(policy);

    sweeps.start(policy, ledger, version(1)); // returns while the listing hangs

    assertThat(sweeps.underWay(uid(policy), ledger, INTERVAL, clock.instant())).isTrue();
    clock.advance(INTERVAL);
    assertThat(sweeps.due(policy, version(1), ledger))
        .as("due on the interval, but the sweep under way completes first")
        .isFalse();
    assertThat(sweeps.due(policy, version(2), ledger)).as("a new spec does not wait").isTrue();
    listingGate.get().countDown();
    await().until(() -> checked.contains("payments-1"));
    await().until(() -> !sweeps.underWay(uid(policy), ledger, INTERVAL, clock.instant()));
    assertThat(sweeps.due(policy, version(1), ledger)).isTrue();
  }

  @Test
  void aSweepThatCannotStartIsOneProblemAnnouncedOnceAndRetriedWithBackoff() {
    listingFailure.set(
        new AwsFailure(FailureKind.ACCESS_DENIED, "ListBuckets", "AccessDenied", "denied", null));
    GovernedBuckets policy =
        govern("selector", new BucketTargets(null, new BucketSelector(List.of("*"), Map.of())));
    PolicyLedger ledger = ledger(policy);

    sweeps.start(policy, ledger, version(1));
    await().until(() -> sweeps.problem(uid(policy)).isPresent());
    assertThat(sweeps.problem(uid(policy)).get().reason())
        .isEqualTo(ConditionReason.TargetsUnavailable);
    assertThat(sweeps.untilDue(uid(policy))).as("first backoff").isEqualTo(Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(10));
    assertThat(sweeps.due(policy, version(1), ledger)).isTrue();
    sweeps.start(policy, ledger, version(1));
    await().until(() -> sweeps.untilDue(uid(policy)).equals(Duration.ofSeconds(20)));

    assertThat(events.reasons())
        .as("the same problem is announced once")
        .containsExactly(EventReason.CheckFailed);

    listingFailure.set(null);
    listing.set(List.of(new BucketSummary("logs", Optional.of("eu-west-1"))));
    clock.advance(Duration.ofSeconds(20));
    sweeps.start(policy, ledger, version(1));
    await().until(() -> sweeps.problem(uid(policy)).isEmpty());
    assertThat(events.reasons()).containsExactly(EventReason.CheckFailed, EventReason.Recovered);
    await().until(() -> checked.contains("logs"));
  }

  private final AtomicReference<List<BucketSummary>> listing = new AtomicReference<>(List.of());

  private S3Gateway s3() {
    return (S3Gateway)
        Proxy.newProxyInstance(
            S3Gateway.class.getClassLoader(),
            new Class<?>[] {S3Gateway.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "listBuckets" -> {
                    listingGate.get().await(10, TimeUnit.SECONDS);
                    AwsFailure failure = listingFailure.get();
                    if (failure != null) {
                      throw failure;
                    }
                    yield listing.get();
                  }
                  case "bucketTags" -> Map.of();
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  private static ResyncSchedule.Version version(long generation) {
    return new ResyncSchedule.Version(generation, null);
  }

  private GovernedBuckets govern(String name, BucketTargets targets) {
    BucketPolicy resource = new BucketPolicy();
    resource.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace("team")
            .withUid(name)
            .withCreationTimestamp(Instant.parse("2025-01-01T00:00:00Z").toString())
            .build());
    GovernedBuckets policy =
        new GovernedBuckets(
            new PolicyRef("BucketPolicy", "team", name, name),
            resource,
            TARGET,
            targets,
            List.of(),
            INTERVAL,
            ExemptionRules.none(clock));
    index.put(policy, () -> new PolicyLedger(policy.ref(), Map.of()));
    return policy;
  }

  private PolicyLedger ledger(GovernedBuckets policy) {
    return index.ledger(uid(policy)).orElseThrow();
  }

  private static String uid(GovernedBuckets policy) {
    return policy.ref().uid();
  }
}
