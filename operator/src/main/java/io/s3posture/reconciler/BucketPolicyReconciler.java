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
import io.s3posture.control.ManagedControl;
import io.s3posture.control.PolicyRef;
import io.s3posture.events.EventPublisher;
import io.s3posture.fleet.GovernedBuckets;
import io.s3posture.fleet.PolicyGuardrails;
import io.s3posture.fleet.PolicyIndex;
import io.s3posture.fleet.PolicyLedger;
import io.s3posture.metrics.PolicyKey;
import io.s3posture.metrics.PostureMetrics;
import io.s3posture.reports.PolicyReports;
import io.s3posture.status.BucketPolicyMemory;
import io.s3posture.status.BucketPolicyStatusFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Keeps the buckets of a BucketPolicy as declared. Orchestrates only: it tells the fleet what the
 * policy requires, lets the guard rails have their say, starts a sweep when one is due ({@link
 * BucketSweeps}: the checks run on the shared work queue, one bucket at a time for every policy
 * that governs it) and writes the status folded from the policy's ledger. Never waits for AWS;
 * never writes spec or metadata.
 */
@ControllerConfiguration(
    name = BucketPolicyReconciler.NAME,
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = SpecOrCheckNowChanged.class))
public final class BucketPolicyReconciler implements Reconciler<BucketPolicy> {

  public static final String NAME = "bucketpolicy";
  static final String KIND = "BucketPolicy";
  private static final Logger LOG = LoggerFactory.getLogger(BucketPolicyReconciler.class);

  private final PolicySpecs specs;
  private final PolicyIndex index;
  private final BucketSweeps sweeps;
  private final GuardrailsStep guardrails;
  private final BucketPolicyStatusFactory statusFactory;
  private final EventPublisher events;
  private final PostureMetrics metrics;
  private final PolicyReports reports;
  private final StatusRefresh refresh;
  private final ForgetDeletedPolicies forgetter;
  private final Clock clock;

  public BucketPolicyReconciler(
      PolicySpecs specs,
      PolicyIndex index,
      BucketSweeps sweeps,
      GuardrailsStep guardrails,
      BucketPolicyStatusFactory statusFactory,
      EventPublisher events,
      PostureMetrics metrics,
      PolicyReports reports,
      StatusRefresh refresh,
      ForgetDeletedPolicies forgetter,
      Clock clock) {
    this.specs = Objects.requireNonNull(specs);
    this.index = Objects.requireNonNull(index);
    this.sweeps = Objects.requireNonNull(sweeps);
    this.guardrails = Objects.requireNonNull(guardrails);
    this.statusFactory = Objects.requireNonNull(statusFactory);
    this.events = Objects.requireNonNull(events);
    this.metrics = Objects.requireNonNull(metrics);
    this.reports = Objects.requireNonNull(reports);
    this.refresh = Objects.requireNonNull(refresh);
    this.forgetter = Objects.requireNonNull(forgetter);
    this.clock = Objects.requireNonNull(clock);
    forgetter.onForget(ref -> guardrails.forget(ref.uid()));
    forgetter.onForget(ref -> sweeps.forget(ref.uid()));
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
      PolicyLedger ledger =
          index.put(
              governed, () -> new PolicyLedger(ref, BucketPolicyMemory.ledger(policy.getStatus())));
      metrics.interval(FleetReporter.key(governed), governed.interval());
      PolicyGuardrails rails = index.guardrails(ref.uid()).orElseThrow();
      GuardrailsStep.Result guarded =
          guardrails.apply(
              policy,
              governed,
              ledger,
              rails,
              sweeps.toCheck(ref.uid(), ledger, governed.interval(), clock.instant()));
      ResyncSchedule.Version version = version(policy);
      if (guarded.sweepNow() || sweeps.due(governed, version, ledger)) {
        rails.sweepStarted();
        sweeps.start(governed, ledger, version);
      }
      BucketPolicyStatus status =
          statusFactory.build(policy, ledger, sweeps.problem(ref.uid()), guarded.status());
      events.flushSummaries(policy);
      if (context.getPrimaryCache().get(ResourceID.fromResource(policy)).isEmpty()) {
        return UpdateControl.noUpdate(); // deleted meanwhile: nothing to write
      }
      reports.publish(
          policy, ledger, governed.controls().stream().map(ManagedControl::name).toList());
      Duration next =
          NextReconcile.after(
              sweeps.untilDue(ref.uid()),
              sweeps.underWay(ref.uid(), ledger, governed.interval(), clock.instant()),
              guarded.wakeUp(),
              clock.instant());
      if (!ledger.resolved() && sweeps.problem(ref.uid()).isEmpty()) {
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
    sweeps.failedUnexpectedly(policy.getMetadata().getUid(), e);
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
