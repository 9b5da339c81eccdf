package io.s3posture.reconciler;

import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.micrometer.core.instrument.Timer;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.api.v1alpha1.BucketPolicySpec;
import io.s3posture.api.v1alpha1.BucketPolicyStatus;
import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.aws.AwsFailure;
import io.s3posture.aws.AwsGateways;
import io.s3posture.aws.S3Gateway;
import io.s3posture.control.BucketResult;
import io.s3posture.control.ControlCatalog;
import io.s3posture.control.ManagedControl;
import io.s3posture.events.EventPublisher;
import io.s3posture.events.EventReason;
import io.s3posture.events.PostureEvent;
import io.s3posture.metrics.PolicyKey;
import io.s3posture.metrics.PostureMetrics;
import io.s3posture.reconciler.DesiredStateRegistry.PolicyRef;
import io.s3posture.status.BucketPolicyStatusFactory;
import io.s3posture.status.ConditionReason;
import io.s3posture.target.BucketTargetResolver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Keeps the buckets of a BucketPolicy as declared. Orchestrates only: resolve targets, run the
 * drift engine over them, report (status, events, metrics) and schedule the next check. Never
 * writes spec or metadata.
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
  private final BucketTargetResolver resolver;
  private final ControlCatalog catalog;
  private final FleetCheck fleet;
  private final DesiredStateRegistry registry;
  private final CheckReporter reporter;
  private final BucketPolicyStatusFactory statusFactory;
  private final EventPublisher events;
  private final PostureMetrics metrics;
  private final ResyncSchedule schedule;
  private final ForgetDeletedPolicies forgetter;
  private final Clock clock;

  public BucketPolicyReconciler(
      AwsGateways gateways,
      BucketTargetResolver resolver,
      ControlCatalog catalog,
      FleetCheck fleet,
      DesiredStateRegistry registry,
      CheckReporter reporter,
      BucketPolicyStatusFactory statusFactory,
      EventPublisher events,
      PostureMetrics metrics,
      ResyncSchedule schedule,
      ForgetDeletedPolicies forgetter,
      Clock clock) {
    this.gateways = Objects.requireNonNull(gateways);
    this.resolver = Objects.requireNonNull(resolver);
    this.catalog = Objects.requireNonNull(catalog);
    this.fleet = Objects.requireNonNull(fleet);
    this.registry = Objects.requireNonNull(registry);
    this.reporter = Objects.requireNonNull(reporter);
    this.statusFactory = Objects.requireNonNull(statusFactory);
    this.events = Objects.requireNonNull(events);
    this.metrics = Objects.requireNonNull(metrics);
    this.schedule = Objects.requireNonNull(schedule);
    this.forgetter = Objects.requireNonNull(forgetter);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public UpdateControl<BucketPolicy> reconcile(BucketPolicy policy, Context<BucketPolicy> context) {
    String uid = policy.getMetadata().getUid();
    PolicyKey key =
        new PolicyKey(KIND, policy.getMetadata().getNamespace(), policy.getMetadata().getName());
    forgetter.reconciling(uid, key, context.getPrimaryCache().list());
    BucketPolicySpec spec = policy.getSpec();
    Duration interval = ResyncSchedule.parse(spec.resyncInterval());
    MDC.put("namespace", key.namespace());
    MDC.put("policy", key.name());
    Timer.Sample timing = Timer.start();
    try {
      S3Gateway gateway = gateways.bucketGateway(spec.aws());
      List<String> buckets = resolver.resolve(spec.buckets(), gateway, spec.aws().region());
      Mode mode = spec.mode() != null ? spec.mode() : Mode.Enforce;
      List<ManagedControl<?, ?>> controls = catalog.managedBy(spec.controls(), mode);
      PolicyRef ref = new PolicyRef(key.namespace(), key.name(), uid);
      registry.register(ref, buckets, controls);
      Instant started = clock.instant();
      List<BucketResult> results = fleet.run(gateway, buckets, controls, registry.guardFor(ref));
      if (wasNotReady(policy)) {
        events.publish(
            policy, List.of(new PostureEvent(EventReason.Recovered, "checks run again")));
      }
      BucketPolicyStatus status = reporter.report(policy, key, results, started, interval);
      boolean retrySoon = results.stream().anyMatch(BucketResult::retrySoon);
      LOG.debug("checked {} bucket(s), {} compliant", buckets.size(), status.buckets().compliant());
      return StatusPatch.ifChanged(policy, status, BucketPolicy::new)
          .rescheduleAfter(schedule.next(uid, interval, retrySoon));
    } catch (AwsFailure failure) {
      LOG.warn("could not check the policy: {}", failure.getMessage());
      metrics.checkFailed(key, failure.kind().reason());
      BucketPolicyStatus status =
          statusFactory.notChecked(
              policy, ConditionReason.TargetsUnavailable, failure.getMessage());
      if (!wasNotReady(policy) || !sameMessage(policy, status)) {
        events.publish(
            policy, List.of(new PostureEvent(EventReason.CheckFailed, failure.getMessage())));
      }
      return StatusPatch.ifChanged(policy, status, BucketPolicy::new)
          .rescheduleAfter(schedule.next(uid, interval, failure.isTransient()));
    } finally {
      timing.stop(metrics.reconcileTimer(KIND));
      MDC.remove("namespace");
      MDC.remove("policy");
    }
  }

  @Override
  public ErrorStatusUpdateControl<BucketPolicy> updateErrorStatus(
      BucketPolicy policy, Context<BucketPolicy> context, Exception e) {
    LOG.error(
        "unexpected error checking {}/{}",
        policy.getMetadata().getNamespace(),
        policy.getMetadata().getName(),
        e);
    BucketPolicyStatus status =
        statusFactory.notChecked(
            policy, ConditionReason.InternalError, String.valueOf(e.getMessage()));
    return ErrorStatusUpdateControl.patchStatus(
        StatusPatch.statusOnly(policy, status, BucketPolicy::new));
  }

  private static boolean wasNotReady(BucketPolicy policy) {
    return policy.getStatus() != null
        && policy.getStatus().conditions() != null
        && policy.getStatus().conditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "False".equals(c.getStatus()));
  }

  private static boolean sameMessage(BucketPolicy policy, BucketPolicyStatus status) {
    return Objects.equals(readyMessage(policy.getStatus()), readyMessage(status));
  }

  private static String readyMessage(BucketPolicyStatus status) {
    return status == null || status.conditions() == null
        ? null
        : status.conditions().stream()
            .filter(c -> "Ready".equals(c.getType()))
            .map(c -> c.getMessage())
            .findFirst()
            .orElse(null);
  }
}
