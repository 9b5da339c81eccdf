package io.s3posture.reconciler;

import io.s3posture.control.ManagedControl;
import io.s3posture.events.EventPublisher;
import io.s3posture.fleet.AccountBudgets;
import io.s3posture.fleet.BucketInventory;
import io.s3posture.fleet.BucketKey;
import io.s3posture.fleet.GovernedBuckets;
import io.s3posture.fleet.PolicyIndex;
import io.s3posture.fleet.PolicyLedger;
import io.s3posture.fleet.SubjectWorkQueue;
import io.s3posture.fleet.Trigger;
import io.s3posture.metrics.PostureMetrics;
import io.s3posture.status.SyncProblem;
import io.s3posture.target.BucketTargetResolver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * When and how a BucketPolicy's buckets are swept: a sweep resolves the governed buckets (names at
 * once, selectors from the shared inventory on its own threads: a reconcile never waits for AWS)
 * and queues each for a check on the shared work queue. A sweep that cannot start (listing,
 * credentials) is a problem shown in Synced, announced once, and tried again with backoff; the next
 * sweep that starts ends it.
 */
public final class BucketSweeps {

  private static final Logger LOG = LoggerFactory.getLogger(BucketSweeps.class);

  /** Intervals after which a sweep that has not completed no longer holds the next one back. */
  static final int GIVE_UP = 3;

  private final BucketInventory inventory;
  private final SubjectWorkQueue queue;
  private final PolicyIndex index;
  private final ResyncSchedule schedule;
  private final PostureMetrics metrics;
  private final StatusRefresh refresh;
  private final Clock clock;
  private final SweepProblems problems;

  /** Sweeps whose buckets are being resolved, by policy uid. */
  private final Map<String, Object> resolving = new ConcurrentHashMap<>();

  public BucketSweeps(
      BucketInventory inventory,
      SubjectWorkQueue queue,
      PolicyIndex index,
      ResyncSchedule schedule,
      EventPublisher events,
      PostureMetrics metrics,
      StatusRefresh refresh,
      Clock clock) {
    this.inventory = Objects.requireNonNull(inventory, "inventory");
    this.queue = Objects.requireNonNull(queue, "queue");
    this.index = Objects.requireNonNull(index, "index");
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.refresh = Objects.requireNonNull(refresh, "refresh");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.problems = new SweepProblems(events, metrics);
  }

  /**
   * Whether a sweep is due: for a new spec or check request at once; on the interval, once the
   * previous sweep completed (a sweep slower than the interval completes, and the next one starts
   * right after it; one still running after {@link #GIVE_UP} intervals no longer holds it back).
   */
  boolean due(GovernedBuckets policy, ResyncSchedule.Version version, PolicyLedger ledger) {
    String uid = policy.ref().uid();
    Instant now = clock.instant();
    if (schedule.isNew(uid, version)) {
      return true;
    }
    return schedule.due(uid, version, now) && !underWay(uid, ledger, policy.interval(), now);
  }

  /**
   * Whether the policy's last sweep is still under way: its buckets are being listed, or some are
   * still to be checked.
   */
  boolean underWay(String uid, PolicyLedger ledger, Duration interval, Instant now) {
    if (resolving.containsKey(uid)) {
      return true;
    }
    return ledger
        .sweep()
        .filter(s -> s.pending() > 0)
        .filter(s -> s.started().plus(interval.multipliedBy(GIVE_UP)).isAfter(now))
        .isPresent();
  }

  /**
   * While a sweep is under way: the buckets it still has to check (while they are being listed,
   * those of the last listing, all of which it checks again).
   */
  Optional<Integer> toCheck(String uid, PolicyLedger ledger, Duration interval, Instant now) {
    if (!underWay(uid, ledger, interval, now)) {
      return Optional.empty();
    }
    Optional<PolicyLedger.Sweep> sweep = ledger.sweep();
    return Optional.of(
        resolving.containsKey(uid)
            ? sweep.map(PolicyLedger.Sweep::total).orElse(0)
            : sweep.map(PolicyLedger.Sweep::pending).orElse(0));
  }

  /** Why the policy's sweeps cannot start, while they cannot. */
  Optional<SyncProblem> problem(String uid) {
    return problems.of(uid);
  }

  /** The time until the next sweep is due on the interval (zero when it is). */
  Duration untilDue(String uid) {
    return schedule.untilDue(uid, clock.instant());
  }

  /**
   * Starts a sweep: resolves the governed buckets and queues each for a check; the status follows
   * when that is done. A sweep started later (a new spec or check request) supersedes one still
   * resolving.
   */
  void start(GovernedBuckets governed, PolicyLedger ledger, ResyncSchedule.Version version) {
    String uid = governed.ref().uid();
    Instant now = clock.instant();
    boolean requested = schedule.isNew(uid, version) && version.checkNow() != null;
    Instant notBefore = listedSince(governed, version, now);
    schedule.started(uid, version, now, governed.interval());
    CompletableFuture<List<String>> targets = targets(governed, notBefore);
    if (targets.isDone()) { // names only: nothing to ask AWS
      resolving.remove(uid);
      resolved(governed, ledger, version, requested, targets);
      return;
    }
    Object sweep = new Object();
    resolving.put(uid, sweep);
    Map<String, String> context = MDC.getCopyOfContextMap();
    targets.whenComplete(
        (buckets, error) -> {
          if (!resolving.remove(uid, sweep)
              || index.ledger(uid).filter(known -> known == ledger).isEmpty()) {
            return; // superseded, or the policy was deleted meanwhile
          }
          MDC.setContextMap(context == null ? Map.of() : context);
          try {
            resolved(governed, ledger, version, requested, targets);
          } finally {
            MDC.clear();
            refresh.request(governed.ref(), Duration.ZERO);
          }
        });
  }

  void forget(String uid) {
    problems.forget(uid);
    resolving.remove(uid);
  }

  private void resolved(
      GovernedBuckets governed,
      PolicyLedger ledger,
      ResyncSchedule.Version version,
      boolean requested,
      CompletableFuture<List<String>> targets) {
    List<String> buckets;
    try {
      buckets = targets.join();
    } catch (RuntimeException error) {
      failed(governed, version, unwrap(error));
      return;
    }
    queue(governed, ledger, buckets, requested);
  }

  /**
   * The governed buckets: named ones at once, selected ones from the shared inventory on its own
   * threads, from a listing started at {@code notBefore} or later.
   */
  private CompletableFuture<List<String>> targets(GovernedBuckets governed, Instant notBefore) {
    if (governed.buckets().selector() == null) {
      return CompletableFuture.completedFuture(
          new BucketTargetResolver().resolve(governed.buckets(), List::of, bucket -> Map.of()));
    }
    return inventory.selectLater(governed.target(), governed.buckets(), notBefore);
  }

  /** Queues every governed bucket for a check. */
  private void queue(
      GovernedBuckets governed, PolicyLedger ledger, List<String> buckets, boolean requested) {
    String uid = governed.ref().uid();
    schedule.succeeded(uid);
    ledger.startSweep(
        buckets,
        governed.controls().stream().map(ManagedControl::name).collect(Collectors.toSet()),
        clock.instant());
    metrics.sweepStarted(FleetReporter.key(governed), ledger);
    String budget = AccountBudgets.keyOf(governed.target());
    for (String bucket : buckets) {
      queue.submit(
          new SubjectWorkQueue.Request(
              new BucketKey(governed.endpoint(), bucket),
              uid,
              false,
              Optional.empty(),
              requested ? Trigger.CHECK_NOW : Trigger.SWEEP,
              budget));
    }
    if (buckets.isEmpty()) {
      metrics.sweepCompleted(FleetReporter.key(governed), ledger);
    }
    problems.recovered(governed, "checks run again");
    LOG.debug("sweep of {} bucket(s) queued", buckets.size());
  }

  /** The sweep could not start (listing buckets, credentials): reported, tried again later. */
  private void failed(
      GovernedBuckets governed, ResyncSchedule.Version version, RuntimeException error) {
    schedule.failed(governed.ref().uid(), version, clock.instant(), governed.interval());
    problems.failed(governed, error, "the policy's buckets", "");
  }

  /** An error of the reconcile itself: shown in Synced until a sweep starts again. */
  void failedUnexpectedly(String uid, Exception e) {
    problems.failedUnexpectedly(uid, e);
  }

  private static RuntimeException unwrap(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause instanceof RuntimeException runtime
        ? runtime
        : new IllegalStateException(cause.toString(), cause);
  }

  /**
   * How recent the listing a sweep selects from must be. A new spec or a requested check sees the
   * buckets as they are now; a sweep on the interval, a listing at most one interval old. A policy
   * this process has not seen before (at start-up, after a leader change, or just created) accepts
   * any listing made since the policy was created: every listing of this process is younger than
   * the process, so a restarted operator lists each account once for all its policies, not once per
   * policy.
   */
  private Instant listedSince(
      GovernedBuckets governed, ResyncSchedule.Version version, Instant now) {
    String uid = governed.ref().uid();
    if (!schedule.knows(uid)) {
      // the timestamp has whole seconds: the policy was created before the end of that second
      return Optional.ofNullable(governed.resource().getMetadata().getCreationTimestamp())
          .map(created -> Instant.parse(created).plusSeconds(1))
          .filter(created -> created.isBefore(now))
          .orElse(now);
    }
    return schedule.isNew(uid, version) ? now : now.minus(governed.interval());
  }
}
