package io.s3posture.reconciler;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.micrometer.core.instrument.Timer;
import io.s3posture.api.v1alpha1.AccountPolicy;
import io.s3posture.api.v1alpha1.AccountPolicyStatus;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.control.ManagedControl;
import io.s3posture.control.PolicyRef;
import io.s3posture.events.EventPublisher;
import io.s3posture.fleet.AccountBudgets;
import io.s3posture.fleet.GovernedAccount;
import io.s3posture.fleet.PolicyIndex;
import io.s3posture.fleet.PolicyLedger;
import io.s3posture.fleet.SubjectWorkQueue;
import io.s3posture.fleet.Trigger;
import io.s3posture.metrics.PostureMetrics;
import io.s3posture.status.AccountPolicyStatusFactory;
import io.s3posture.status.OrganizationStatusFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Keeps an AWS account's settings as an AccountPolicy declares. Orchestrates only, like the
 * BucketPolicy reconciler: it tells the fleet what the policy requires of its account, queues a
 * check of the account when one is due (the check runs on the shared work queue, once for every
 * AccountPolicy of that account and region) and writes the status folded from the policy's ledger.
 * Never waits for AWS; never writes spec or metadata.
 */
@ControllerConfiguration(
    name = AccountPolicyReconciler.NAME,
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = SpecOrCheckNowChanged.class))
public final class AccountPolicyReconciler implements Reconciler<AccountPolicy> {

  public static final String NAME = "accountpolicy";
  static final String KIND = "AccountPolicy";
  private static final Logger LOG = LoggerFactory.getLogger(AccountPolicyReconciler.class);

  private final PolicySpecs specs;
  private final PolicyIndex index;
  private final SubjectWorkQueue queue;
  private final AccountPolicyStatusFactory statusFactory;
  private final OrganizationSweeps organizations;
  private final OrganizationStatusFactory organizationStatus;
  private final EventPublisher events;
  private final PostureMetrics metrics;
  private final ResyncSchedule schedule;
  private final StatusRefresh refresh;
  private final ForgetDeletedPolicies forgetter;
  private final Clock clock;

  public AccountPolicyReconciler(
      PolicySpecs specs,
      PolicyIndex index,
      SubjectWorkQueue queue,
      AccountPolicyStatusFactory statusFactory,
      OrganizationSweeps organizations,
      OrganizationStatusFactory organizationStatus,
      EventPublisher events,
      PostureMetrics metrics,
      ResyncSchedule schedule,
      StatusRefresh refresh,
      ForgetDeletedPolicies forgetter,
      Clock clock) {
    this.specs = Objects.requireNonNull(specs, "specs");
    this.index = Objects.requireNonNull(index, "index");
    this.queue = Objects.requireNonNull(queue, "queue");
    this.statusFactory = Objects.requireNonNull(statusFactory, "statusFactory");
    this.organizations = Objects.requireNonNull(organizations, "organizations");
    this.organizationStatus = Objects.requireNonNull(organizationStatus, "organizationStatus");
    this.events = Objects.requireNonNull(events, "events");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    this.refresh = Objects.requireNonNull(refresh, "refresh");
    this.forgetter = Objects.requireNonNull(forgetter, "forgetter");
    this.clock = Objects.requireNonNull(clock, "clock");
    forgetter.onForget(ref -> organizations.forget(ref.uid()));
  }

  @Override
  public List<EventSource<?, AccountPolicy>> prepareEventSources(
      EventSourceContext<AccountPolicy> context) {
    SimpleInboundEventSource<AccountPolicy> checked =
        new SimpleInboundEventSource<>("account-checks");
    refresh.register(KIND, checked);
    return List.of(checked);
  }

  @Override
  public UpdateControl<AccountPolicy> reconcile(
      AccountPolicy policy, Context<AccountPolicy> context) {
    forgetter.watch(KIND, context.getPrimaryCache());
    GovernedAccount governed = specs.account(policy, ref(policy));
    PolicyRef ref = governed.ref();
    MDC.put("policy", ref.name());
    Timer.Sample timing = Timer.start();
    try {
      PolicyLedger ledger =
          index.put(
              governed, () -> new PolicyLedger(ref, AccountPolicyStatusFactory.remembered(policy)));
      metrics.interval(FleetReporter.key(governed), governed.interval());
      Instant now = clock.instant();
      ResyncSchedule.Version version = version(policy);
      if (schedule.due(ref.uid(), version, now)) {
        boolean requested = schedule.isNew(ref.uid(), version) && version.checkNow() != null;
        schedule.started(ref.uid(), version, now, governed.interval());
        Trigger trigger = requested ? Trigger.CHECK_NOW : Trigger.SWEEP;
        if (governed.organization().isPresent()) {
          organizations.start(governed, ledger, version, trigger);
        } else {
          check(governed, ledger, trigger);
        }
      }
      events.flushSummaries(policy);
      Duration next = schedule.untilDue(ref.uid(), clock.instant());
      next = next.isZero() ? Duration.ofSeconds(1) : next;
      if (governed.organization().isPresent()) {
        return organizationStatus(policy, context, ledger, next);
      }
      if (ledger.sweep().map(sweep -> sweep.pending() > 0).orElse(true)) {
        // the account is being checked: the status written once it is says what was found (a
        // restart or a new spec never shows a state that was not checked)
        return UpdateControl.<AccountPolicy>noUpdate().rescheduleAfter(next);
      }
      AccountPolicyStatus status = statusFactory.build(policy, ledger);
      return StatusPatch.ifChanged(context, policy, status, AccountPolicy::new, next);
    } finally {
      timing.stop(metrics.reconcileTimer(KIND));
      MDC.remove("policy");
    }
  }

  /**
   * An organization's status: written once its members are known (or cannot be listed), and as each
   * member's check lands, so that a slow or failing member never holds back the others'.
   */
  private UpdateControl<AccountPolicy> organizationStatus(
      AccountPolicy policy, Context<AccountPolicy> context, PolicyLedger ledger, Duration next) {
    String uid = policy.getMetadata().getUid();
    if (!ledger.resolved() && organizations.problem(uid).isEmpty()) {
      return UpdateControl.<AccountPolicy>noUpdate().rescheduleAfter(next);
    }
    AccountPolicyStatus status =
        organizationStatus.build(policy, ledger, organizations.problem(uid));
    return StatusPatch.ifChanged(context, policy, status, AccountPolicy::new, next);
  }

  /** Queues a check of the account (for every AccountPolicy of it); its end refreshes status. */
  private void check(GovernedAccount governed, PolicyLedger ledger, Trigger trigger) {
    ledger.startSweep(
        List.of(governed.account().name()),
        governed.controls().stream().map(ManagedControl::name).collect(Collectors.toSet()),
        clock.instant());
    queue.submit(
        new SubjectWorkQueue.Request(
            governed.account(),
            governed.ref().uid(),
            false,
            Optional.empty(),
            trigger,
            AccountBudgets.keyOf(governed.target())));
  }

  @Override
  public ErrorStatusUpdateControl<AccountPolicy> updateErrorStatus(
      AccountPolicy policy, Context<AccountPolicy> context, Exception e) {
    if (e instanceof KubernetesClientException k && k.getCode() == 404) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    LOG.error("unexpected error checking AccountPolicy {}", policy.getMetadata().getName(), e);
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  static PolicyRef ref(AccountPolicy policy) {
    return new PolicyRef(KIND, "", policy.getMetadata().getName(), policy.getMetadata().getUid());
  }

  private static ResyncSchedule.Version version(AccountPolicy policy) {
    Map<String, String> annotations = policy.getMetadata().getAnnotations();
    return new ResyncSchedule.Version(
        policy.getMetadata().getGeneration(),
        annotations == null ? null : annotations.get(BucketPolicy.CHECK_NOW_ANNOTATION));
  }
}
