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
import io.s3posture.api.v1alpha1.BucketPolicySpec;
import io.s3posture.api.v1alpha1.BucketPolicyStatus;
import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.aws.AwsFailure;
import io.s3posture.aws.AwsGateways;
import io.s3posture.control.ControlCatalog;
import io.s3posture.control.PolicyRef;
import io.s3posture.events.EventPublisher;
import io.s3posture.events.EventReason;
import io.s3posture.events.PostureEvent;
import io.s3posture.fleet.BucketChecker;
import io.s3posture.fleet.BucketInventory;
import io.s3posture.fleet.BucketKey;
import io.s3posture.fleet.BucketWorkQueue;
import io.s3posture.fleet.ExemptionRules;
import io.s3posture.fleet.GovernedPolicy;
import io.s3posture.fleet.PolicyGuardrails;
import io.s3posture.fleet.PolicyIndex;
import io.s3posture.fleet.PolicyLedger;
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

  private final AwsGateways gateways;
  private final ControlCatalog catalog;
  private final PolicyIndex index;
  private final BucketInventory inventory;
  private final BucketWorkQueue queue;
  private final BucketPolicyStatusFactory statusFactory;
  private final EventPublisher events;
  private final PostureMetrics metrics;
  private final ResyncSchedule schedule;
  private final StatusRefresh refresh;
  private final ForgetDeletedPolicies forgetter;
  private final Clock clock;
  private final GuardrailsStep guardrails;
  private final Duration maxExemption;
  private final PolicyReports reports;
  private final Map<String, SyncProblem> problems = new ConcurrentHashMap<>();

  public BucketPolicyReconciler(
      AwsGateways gateways,
      ControlCatalog catalog,
      PolicyIndex index,
      BucketInventory inventory,
      BucketWorkQueue queue,
      BucketPolicyStatusFactory statusFactory,
      EventPublisher events,
      PostureMetrics metrics,
      ResyncSchedule schedule,
      StatusRefresh refresh,
      ForgetDeletedPolicies forgetter,
      PlanConfigMaps planConfigMaps,
      Duration maxExemption,
      PolicyReports reports,
      Clock clock) {
    this.gateways = Objects.requireNonNull(gateways);
    this.catalog = Objects.requireNonNull(catalog);
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
    this.maxExemption = Objects.requireNonNull(maxExemption);
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
    forgetter.watch(KIND, () -> context.getPrimaryCache().list());
    PolicyRef ref = ref(policy);
    MDC.put("namespace", ref.namespace());
    MDC.put("policy", ref.name());
    Timer.Sample timing = Timer.start();
    try {
      BucketPolicySpec spec = policy.getSpec();
      Duration interval = ResyncSchedule.parse(spec.resyncInterval());
      Mode mode = spec.mode() != null ? spec.mode() : Mode.Enforce;
      var controls = catalog.managedBy(spec.controls(), mode);
      GovernedPolicy governed =
          new GovernedPolicy(
              ref,
              policy,
              gateways.targetFor(spec.aws()),
              spec.buckets(),
              controls,
              interval,
              new ExemptionRules(
                  spec.exemptions(),
                  controls.stream()
                      .map(io.s3posture.control.ManagedControl::name)
                      .collect(java.util.stream.Collectors.toSet()),
                  clock,
                  maxExemption));
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
      if (guarded.sweepNow() || schedule.due(ref.uid(), version, now)) {
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
      if (guarded.wakeUp().isPresent()) {
        Duration untilExpiry = Duration.between(clock.instant(), guarded.wakeUp().get());
        if (untilExpiry.compareTo(next) < 0 || next.isZero()) {
          next = untilExpiry.plusSeconds(1);
        }
      }
      return StatusPatch.ifChanged(policy, status, BucketPolicy::new)
          .rescheduleAfter(next.isZero() ? Duration.ofSeconds(1) : next);
    } finally {
      timing.stop(metrics.reconcileTimer(KIND));
      MDC.remove("namespace");
      MDC.remove("policy");
    }
  }

  /** Resolves the governed buckets (from the shared inventory) and queues each for a check. */
  private void sweep(
      BucketPolicy policy,
      GovernedPolicy governed,
      PolicyLedger ledger,
      ResyncSchedule.Version version,
      Instant now) {
    String uid = governed.ref().uid();
    boolean changed = schedule.isNew(uid, version);
    boolean requested = changed && version.checkNow() != null;
    try {
      // a new policy, a new spec or a requested check sees the buckets as they are now
      Duration maxAge = changed ? Duration.ZERO : governed.interval();
      List<String> buckets =
          new BucketTargetResolver()
              .resolve(
                  governed.buckets(),
                  () -> inventory.buckets(governed.target(), maxAge),
                  bucket -> inventory.tags(governed.target(), bucket, maxAge));
      schedule.started(uid, version, now, governed.interval());
      ledger.startSweep(
          buckets,
          governed.controls().stream()
              .map(io.s3posture.control.ManagedControl::name)
              .collect(java.util.stream.Collectors.toSet()),
          now);
      String account = BucketChecker.accountOf(governed.target());
      for (String bucket : buckets) {
        queue.submit(
            new BucketWorkQueue.Request(
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
        events.publish(
            policy, List.of(new PostureEvent(EventReason.Recovered, "checks run again")));
      }
      LOG.debug("sweep of {} bucket(s) queued", buckets.size());
    } catch (AwsFailure failure) {
      LOG.warn("could not list the policy's buckets: {}", failure.getMessage());
      schedule.failed(uid, version, now, governed.interval());
      metrics.checkFailed(FleetReporter.key(governed), failure.kind().reason());
      SyncProblem problem =
          new SyncProblem(ConditionReason.TargetsUnavailable, failure.getMessage());
      SyncProblem before = problems.put(uid, problem);
      if (!problem.equals(before)) {
        events.publish(
            policy, List.of(new PostureEvent(EventReason.CheckFailed, failure.getMessage())));
      }
    }
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
