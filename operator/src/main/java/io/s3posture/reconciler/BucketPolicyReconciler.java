package io.s3posture.reconciler;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.micrometer.core.instrument.Timer;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.api.v1alpha1.BucketPolicyStatus;
import io.s3posture.aws.AwsFailure;
import io.s3posture.control.PolicyRef;
import io.s3posture.events.EventPublisher;
import io.s3posture.events.EventReason;
import io.s3posture.events.PostureEvent;
import io.s3posture.fleet.AccountBudgets;
import io.s3posture.fleet.BucketInventory;
import io.s3posture.fleet.BucketKey;
import io.s3posture.fleet.GovernedBuckets;
import io.s3posture.fleet.PolicyGuardrails;
import io.s3posture.fleet.PolicyIndex;
import io.s3posture.fleet.PolicyLedger;
import io.s3posture.fleet.SubjectWorkQueue;
import io.s3posture.fleet.Trigger;
import io.s3posture.metrics.PolicyKey;
import io.s3posture.metrics.PostureMetrics;
import io.s3posture.reports.PolicyReports;
import io.s3posture.status.BucketPolicyStatusFactory;
import io.s3posture.status.BucketPolicyStatusFactory.SyncProblem;
import io.s3posture.status.ConditionReason;
import io.s3posture.target.BucketTargetResolver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Keeps the buckets of a BucketPolicy as declared. Orchestrates only: it tells the fleet what the
 * policy requires, starts a sweep when one is due (every governed bucket queued for a check; the
 * checks themselves run on the shared bucket queue, one bucket at a time for every policy that
 * governs it) and writes the status folded from the policy's ledger. Never writes spec or metadata.
 */
@ControllerConfiguration(
    name = BucketPolicyReconciler.NAME,
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = SpecOrCheckNowChanged.class))
public final class BucketPolicyReconciler implements Reconciler<BucketPolicy> {

  public static final String NAME = "bucketpolicy";
  static final String KIND = "BucketPolicy";
  private static final Logger LOG = LoggerFactory.getLogger(BucketPolicyReconciler.class);

  /** Intervals after which a sweep that has not completed no longer holds the next one back. */
  static final int SWEEP_GIVE_UP = 3;

  /** How often status is rebuilt while a sweep runs, whether or not bucket checks complete. */
  static final Duration WHILE_SWEEPING = Duration.ofSeconds(30);

  private final PolicySpecs specs;
  private final PolicyIndex index;
  private final BucketInventory inventory;
  private final SubjectWorkQueue queue;
  private final BucketPolicyStatusFactory statusFactory;
  private final EventPublisher events;
  private final PostureMetrics metrics;
  private final ResyncSchedule schedule;
  private final StatusRefresh refresh;
  private final ForgetDeletedPolicies forgetter;
  private final Clock clock;
  private final GuardrailsStep guardrails;
  private final PolicyReports reports;
  private final Map<String, SyncProblem> problems = new ConcurrentHashMap<>();

  /** Sweeps whose buckets are being resolved, by policy uid. */
  private final Map<String, Object> resolving = new ConcurrentHashMap<>();

  public BucketPolicyReconciler(
      PolicySpecs specs,
      PolicyIndex index,
      BucketInventory inventory,
      SubjectWorkQueue queue,
      BucketPolicyStatusFactory statusFactory,
      EventPublisher events,
      PostureMetrics metrics,
      ResyncSchedule schedule,
      StatusRefresh refresh,
      ForgetDeletedPolicies forgetter,
      PlanConfigMaps planConfigMaps,
      PolicyReports reports,
      Clock clock) {
    this.specs = Objects.requireNonNull(specs);
    this.index = Objects.requireNonNull(index);
    this.inventory = Objects.requireNonNull(inventory);
    this.queue = Objects.requireNonNull(queue);
    this.statusFactory = Objects.requireNonNull(statusFactory);
    this.events = Objects.requireNonNull(events);
    this.metrics = Objects.requireNonNull(metrics);
    this.schedule = Objects.requireNonNull(schedule);
    this.refresh = Objects.requireNonNull(refresh);
    this.forgetter = Objects.requireNonNull(forgetter);
    this.clock = Objects.requireNonNull(clock);
    this.reports = Objects.requireNonNull(reports);
    this.guardrails = new GuardrailsStep(queue, events, metrics, planConfigMaps, clock);
    forgetter.onForget(ref -> guardrails.forget(ref.uid()));
  }

  @Override
  public List<EventSource<?, BucketPolicy>> prepareEventSources(
      EventSourceContext<BucketPolicy> context) {
    SimpleInboundEventSource<BucketPolicy> checked =
        new SimpleInboundEventSource<>("bucket-checks");
    refresh.register(KIND, checked);
    return List.of(checked);
  }

  @Override
  public UpdateControl<BucketPolicy> reconcile(BucketPolicy policy, Context<BucketPolicy> context) {
    forgetter.watch(KIND, context.getPrimaryCache());
    PolicyRef ref = ref(policy);
    MDC.put("namespace", ref.namespace());
    MDC.put("policy", ref.name());
    Timer.Sample timing = Timer.start();
    try {
      GovernedBuckets governed = specs.buckets(policy, ref);
      Duration interval = governed.interval();
      var controls = governed.controls();
      PolicyLedger ledger =
          index.put(
              governed,
              () ->
                  new PolicyLedger(ref, BucketPolicyStatusFactory.remembered(policy.getStatus())));
      metrics.interval(FleetReporter.key(governed), interval);
      PolicyGuardrails rails = index.guardrails(ref.uid()).orElseThrow();
      GuardrailsStep.Result guarded = guardrails.apply(policy, governed, ledger, rails);
      Instant now = clock.instant();
      ResyncSchedule.Version version = version(policy);
      boolean waiting =
          !schedule.isNew(ref.uid(), version) && sweeping(ref.uid(), ledger, interval, now);
      if (guarded.sweepNow() || (schedule.due(ref.uid(), version, now) && !waiting)) {
        rails.sweepStarted();
        sweep(policy, governed, ledger, version, now);
      }
      BucketPolicyStatus status =
          statusFactory.build(
              policy, ledger, Optional.ofNullable(problems.get(ref.uid())), guarded.status());
      events.flushSummaries(policy);
      if (context.getPrimaryCache().get(ResourceID.fromResource(policy)).isEmpty()) {
        return UpdateControl.noUpdate(); // deleted meanwhile: nothing to write
      }
      reports.publish(
          policy,
          ledger,
          controls.stream().map(io.s3posture.control.ManagedControl::name).toList());
      Duration next = schedule.untilDue(ref.uid(), clock.instant());
      if (sweeping(ref.uid(), ledger, interval, clock.instant())) {
        // status follows a sweep even when no bucket completes; its end asks for a reconcile
        next = next.isZero() ? WHILE_SWEEPING : min(next, WHILE_SWEEPING);
      }
      if (guarded.wakeUp().isPresent()) {
        Duration untilExpiry = Duration.between(clock.instant(), guarded.wakeUp().get());
        if (untilExpiry.compareTo(next) < 0 || next.isZero()) {
          next = untilExpiry.plusSeconds(1);
        }
      }
      next = next.isZero() ? Duration.ofSeconds(1) : next;
      if (!ledger.resolved() && !problems.containsKey(ref.uid())) {
        // the buckets are being listed (a new policy, or the first sweep after a restart): the
        // status written once they are says what was found, and a restart changes nothing
        return UpdateControl.<BucketPolicy>noUpdate().rescheduleAfter(next);
      }
      return StatusPatch.ifChanged(context, policy, status, BucketPolicy::new)
          .rescheduleAfter(next);
    } finally {
      timing.stop(metrics.reconcileTimer(KIND));
      MDC.remove("namespace");
      MDC.remove("policy");
    }
  }

  /**
   * Whether the policy's last sweep is still under way: its buckets are being listed, or some are
   * still to be checked. A periodic sweep waits for it (a new spec or a check request does not): a
   * sweep slower than the interval completes, and the next one starts right after it. One still
   * running after {@link #SWEEP_GIVE_UP} intervals (a lost check) no longer holds the next back.
   */
  private boolean sweeping(String uid, PolicyLedger ledger, Duration interval, Instant now) {
    if (resolving.containsKey(uid)) {
      return true;
    }
    return ledger
        .sweep()
        .filter(s -> s.pending() > 0)
        .filter(s -> s.started().plus(interval.multipliedBy(SWEEP_GIVE_UP)).isAfter(now))
        .isPresent();
  }

  /**
   * Resolves the governed buckets (from the shared inventory, on its threads: a reconcile never
   * waits for AWS) and queues each for a check; the status follows when that is done. A sweep
   * started later (a new spec or check request) supersedes one still resolving.
   */
  private void sweep(
      BucketPolicy policy,
      GovernedBuckets governed,
      PolicyLedger ledger,
      ResyncSchedule.Version version,
      Instant now) {
    String uid = governed.ref().uid();
    boolean changed = schedule.isNew(uid, version);
    boolean requested = changed && version.checkNow() != null;
    Instant notBefore = listedSince(policy, now);
    schedule.started(uid, version, now, governed.interval());
    java.util.concurrent.CompletableFuture<List<String>> targets = targets(governed, notBefore);
    if (targets.isDone()) { // names only: nothing to ask AWS
      resolving.remove(uid);
      resolved(policy, governed, ledger, version, requested, targets);
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
            resolved(policy, governed, ledger, version, requested, targets);
          } finally {
            MDC.clear();
            refresh.request(governed.ref(), Duration.ZERO);
          }
        });
  }

  private void resolved(
      BucketPolicy policy,
      GovernedBuckets governed,
      PolicyLedger ledger,
      ResyncSchedule.Version version,
      boolean requested,
      java.util.concurrent.CompletableFuture<List<String>> targets) {
    List<String> buckets;
    try {
      buckets = targets.join();
    } catch (RuntimeException error) {
      failed(policy, governed, version, unwrap(error));
      return;
    }
    queue(policy, governed, ledger, buckets, requested);
  }

  /**
   * The governed buckets: named ones at once, selected ones from the shared inventory on its own
   * threads (a reconcile never waits for AWS), from a listing started at {@code notBefore} or
   * later.
   */
  private java.util.concurrent.CompletableFuture<List<String>> targets(
      GovernedBuckets governed, Instant notBefore) {
    if (governed.buckets().selector() == null) {
      return java.util.concurrent.CompletableFuture.completedFuture(
          new BucketTargetResolver().resolve(governed.buckets(), List::of, bucket -> Map.of()));
    }
    return inventory.selectLater(governed.target(), governed.buckets(), notBefore);
  }

  /** Queues every governed bucket for a check. */
  private void queue(
      BucketPolicy policy,
      GovernedBuckets governed,
      PolicyLedger ledger,
      List<String> buckets,
      boolean requested) {
    String uid = governed.ref().uid();
    ledger.startSweep(
        buckets,
        governed.controls().stream()
            .map(io.s3posture.control.ManagedControl::name)
            .collect(java.util.stream.Collectors.toSet()),
        clock.instant());
    metrics.sweepStarted(FleetReporter.key(governed), ledger);
    String account = AccountBudgets.keyOf(governed.target());
    for (String bucket : buckets) {
      queue.submit(
          new SubjectWorkQueue.Request(
              new BucketKey(governed.endpoint(), bucket),
              uid,
              false,
              Optional.empty(),
              requested ? Trigger.CHECK_NOW : Trigger.SWEEP,
              account));
    }
    if (buckets.isEmpty()) {
      metrics.sweepCompleted(FleetReporter.key(governed), ledger);
    }
    if (problems.remove(uid) != null) {
      events.publish(policy, List.of(new PostureEvent(EventReason.Recovered, "checks run again")));
    }
    LOG.debug("sweep of {} bucket(s) queued", buckets.size());
  }

  /** The sweep could not start (listing buckets, credentials): reported, tried again later. */
  private void failed(
      BucketPolicy policy,
      GovernedBuckets governed,
      ResyncSchedule.Version version,
      RuntimeException error) {
    String uid = governed.ref().uid();
    schedule.failed(uid, version, clock.instant(), governed.interval());
    SyncProblem problem;
    if (error instanceof AwsFailure failure) {
      metrics.checkFailed(FleetReporter.key(governed), failure.kind().reason());
      problem = new SyncProblem(ConditionReason.TargetsUnavailable, failure.getMessage());
    } else {
      LOG.error("unexpected error resolving the policy's buckets", error);
      problem = new SyncProblem(ConditionReason.InternalError, String.valueOf(error.getMessage()));
    }
    SyncProblem before = problems.put(uid, problem);
    if (!problem.equals(before)) {
      // logged once per change of problem; the event and status say it until it is resolved
      LOG.warn("could not list the policy's buckets: {}", problem.message());
      events.publish(policy, List.of(new PostureEvent(EventReason.CheckFailed, problem.message())));
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static RuntimeException unwrap(Throwable error) {
    Throwable cause = error;
    while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
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
  private Instant listedSince(BucketPolicy policy, Instant now) {
    String uid = policy.getMetadata().getUid();
    if (!schedule.knows(uid)) {
      // the timestamp has whole seconds: the policy was created before the end of that second
      return Optional.ofNullable(policy.getMetadata().getCreationTimestamp())
          .map(created -> Instant.parse(created).plusSeconds(1))
          .filter(created -> created.isBefore(now))
          .orElse(now);
    }
    ResyncSchedule.Version version = version(policy);
    return schedule.isNew(uid, version)
        ? now
        : now.minus(ResyncSchedule.parse(policy.getSpec().resyncInterval()));
  }

  @Override
  public ErrorStatusUpdateControl<BucketPolicy> updateErrorStatus(
      BucketPolicy policy, Context<BucketPolicy> context, Exception e) {
    if (e instanceof KubernetesClientException k && k.getCode() == 404) {
      return ErrorStatusUpdateControl.noStatusUpdate(); // deleted while it was reconciled
    }
    LOG.error(
        "unexpected error checking {}/{}",
        policy.getMetadata().getNamespace(),
        policy.getMetadata().getName(),
        e);
    problems.put(
        policy.getMetadata().getUid(),
        new SyncProblem(ConditionReason.InternalError, String.valueOf(e.getMessage())));
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  static PolicyRef ref(BucketPolicy policy) {
    return new PolicyRef(
        KIND,
        policy.getMetadata().getNamespace(),
        policy.getMetadata().getName(),
        policy.getMetadata().getUid());
  }

  private static ResyncSchedule.Version version(BucketPolicy policy) {
    Map<String, String> annotations = policy.getMetadata().getAnnotations();
    return new ResyncSchedule.Version(
        policy.getMetadata().getGeneration(),
        annotations == null ? null : annotations.get(BucketPolicy.CHECK_NOW_ANNOTATION));
  }

  static PolicyKey key(BucketPolicy policy) {
    return new PolicyKey(KIND, policy.getMetadata().getNamespace(), policy.getMetadata().getName());
  }
}
