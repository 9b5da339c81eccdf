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
import io.s3posture.api.v1alpha1.AccountPolicySpec;
import io.s3posture.api.v1alpha1.AccountPolicyStatus;
import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.aws.AwsFailure;
import io.s3posture.aws.AwsGateways;
import io.s3posture.aws.PublicAccessBlock;
import io.s3posture.control.AccountSubject;
import io.s3posture.control.ControlCatalog;
import io.s3posture.control.ControlOutcome;
import io.s3posture.control.OutcomeReason;
import io.s3posture.control.OutcomeState;
import io.s3posture.control.PolicyRef;
import io.s3posture.control.TargetCheck;
import io.s3posture.events.EventPublisher;
import io.s3posture.fleet.BucketWorkQueue;
import io.s3posture.fleet.PolicyLedger;
import io.s3posture.fleet.Transition;
import io.s3posture.fleet.Trigger;
import io.s3posture.metrics.PolicyKey;
import io.s3posture.metrics.PostureMetrics;
import io.s3posture.status.AccountPolicyStatusFactory;
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
 * Keeps an AWS account's settings as an AccountPolicy declares, with the same engine as buckets:
 * the account is checked for every AccountPolicy of that account at once (one writer, the
 * requirements combined), and the outcome folds into this policy's ledger and status.
 */
@ControllerConfiguration(
    name = AccountPolicyReconciler.NAME,
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = SpecOrCheckNowChanged.class))
public final class AccountPolicyReconciler implements Reconciler<AccountPolicy> {

  public static final String NAME = "accountpolicy";
  static final String KIND = "AccountPolicy";
  private static final Logger LOG = LoggerFactory.getLogger(AccountPolicyReconciler.class);

  private final AwsGateways gateways;
  private final ControlCatalog catalog;
  private final TargetCheck engine;
  private final AccountPolicyStatusFactory statusFactory;
  private final EventPublisher events;
  private final PostureMetrics metrics;
  private final ResyncSchedule schedule;
  private final ForgetDeletedPolicies forgetter;
  private final AccountRechecks rechecks;
  private final Clock clock;
  private final Map<String, PolicyLedger> ledgers = new ConcurrentHashMap<>();
  private final Map<String, Object> accountLocks = new ConcurrentHashMap<>();

  public AccountPolicyReconciler(
      AwsGateways gateways,
      ControlCatalog catalog,
      TargetCheck engine,
      AccountPolicyStatusFactory statusFactory,
      EventPublisher events,
      PostureMetrics metrics,
      ResyncSchedule schedule,
      ForgetDeletedPolicies forgetter,
      AccountRechecks rechecks,
      Clock clock) {
    this.gateways = Objects.requireNonNull(gateways);
    this.catalog = Objects.requireNonNull(catalog);
    this.engine = Objects.requireNonNull(engine);
    this.statusFactory = Objects.requireNonNull(statusFactory);
    this.events = Objects.requireNonNull(events);
    this.metrics = Objects.requireNonNull(metrics);
    this.schedule = Objects.requireNonNull(schedule);
    this.forgetter = Objects.requireNonNull(forgetter);
    this.rechecks = Objects.requireNonNull(rechecks);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public List<EventSource<?, AccountPolicy>> prepareEventSources(
      EventSourceContext<AccountPolicy> context) {
    SimpleInboundEventSource<AccountPolicy> rechecked =
        new SimpleInboundEventSource<>("account-rechecks");
    rechecks.register(KIND, rechecked);
    return List.of(rechecked);
  }

  @Override
  public UpdateControl<AccountPolicy> reconcile(
      AccountPolicy policy, Context<AccountPolicy> context) {
    forgetter.watch(KIND, context.getPrimaryCache());
    PolicyRef ref = ref(policy);
    forgetter.accountPolicy(ref);
    ledgers
        .keySet()
        .removeIf(
            uid ->
                context
                    .getPrimaryCache()
                    .list()
                    .noneMatch(p -> uid.equals(p.getMetadata().getUid())));
    PolicyKey key = new PolicyKey(KIND, "", ref.name());
    AccountPolicySpec spec = policy.getSpec();
    String account = spec.aws().accountId();
    rechecks.retainOnly(
        context
            .getPrimaryCache()
            .list()
            .map(p -> p.getMetadata().getUid())
            .collect(java.util.stream.Collectors.toSet()));
    rechecks.known(ref, account, gateways.targetFor(spec.aws()));
    Optional<AccountRechecks.Requested> requested = rechecks.take(ref.uid());
    Duration interval = ResyncSchedule.parse(spec.resyncInterval());
    metrics.interval(key, interval);
    PolicyLedger ledger =
        ledgers.computeIfAbsent(
            ref.uid(),
            uid ->
                new PolicyLedger(ref, AccountPolicyStatusFactory.remembered(policy.getStatus())));
    MDC.put("policy", ref.name());
    Timer.Sample timing = Timer.start();
    try {
      Instant now = clock.instant();
      ResyncSchedule.Version version =
          new ResyncSchedule.Version(policy.getMetadata().getGeneration(), checkNow(policy));
      Optional<PublicAccessBlock> observed = Optional.empty();
      Optional<String> problem = Optional.empty();
      Duration next;
      if (requested.isPresent() || schedule.due(ref.uid(), version, now)) {
        AccountSubject subject =
            AccountSubject.of(
                gateways.accountGateway(spec.aws()),
                gateways.detectionGateway(spec.aws()),
                account);
        List<ControlOutcome> outcomes = check(subject, ref, context);
        ledger.startSweep(
            List.of(AccountPolicyStatusFactory.ACCOUNT),
            outcomes.stream()
                .map(ControlOutcome::control)
                .collect(java.util.stream.Collectors.toSet()),
            now);
        PolicyLedger.Recorded recorded =
            ledger.record(
                AccountPolicyStatusFactory.ACCOUNT,
                outcomes,
                requested.map(AccountRechecks.Requested::trigger).orElse(Trigger.SWEEP),
                clock.instant());
        report(policy, key, account, outcomes, recorded);
        if (spec.publicAccessBlock() != null) {
          observed = readBack(subject);
        }
        problem = unreadable(outcomes);
        boolean retrySoon = outcomes.stream().anyMatch(ControlOutcome::retrySoon);
        if (retrySoon) {
          schedule.failed(ref.uid(), version, now, interval);
        } else {
          schedule.started(ref.uid(), version, now, interval);
        }
        requested.ifPresent(r -> r.done(BucketWorkQueue.Result.CHECKED));
      }
      next = schedule.untilDue(ref.uid(), clock.instant());
      AccountPolicyStatus status = statusFactory.build(policy, ledger, observed, problem);
      events.flushSummaries(policy);
      return StatusPatch.ifChanged(context, policy, status, AccountPolicy::new)
          .rescheduleAfter(next.isZero() ? Duration.ofSeconds(1) : next);
    } catch (RuntimeException e) {
      requested.ifPresent(r -> r.failed(e));
      throw e;
    } finally {
      timing.stop(metrics.reconcileTimer(KIND));
      MDC.remove("policy");
    }
  }

  /** One check of the account for every AccountPolicy of that account, one at a time. */
  private List<ControlOutcome> check(
      AccountSubject subject, PolicyRef self, Context<AccountPolicy> context) {
    List<TargetCheck.PolicyControls<AccountSubject>> policies =
        context
            .getPrimaryCache()
            .list()
            .filter(p -> subject.accountId().equals(p.getSpec().aws().accountId()))
            .map(
                p ->
                    new TargetCheck.PolicyControls<>(
                        ref(p),
                        catalog.managedBy(
                            p.getSpec(),
                            p.getSpec().mode() != null ? p.getSpec().mode() : Mode.Enforce)))
            .toList();
    if (policies.stream().noneMatch(p -> p.policy().equals(self))) {
      return List.of();
    }
    synchronized (accountLocks.computeIfAbsent(subject.accountId(), a -> new Object())) {
      return engine.run(subject, policies).getOrDefault(self, List.of());
    }
  }

  private void report(
      AccountPolicy policy,
      PolicyKey key,
      String account,
      List<ControlOutcome> outcomes,
      PolicyLedger.Recorded recorded) {
    events.publish(
        policy,
        recorded.transitions().stream()
            .map(
                (Transition t) ->
                    TransitionEvents.event(
                        "account " + account, t.outcome(), t.previous(), t.trigger()))
            .toList());
    for (ControlOutcome outcome : outcomes) {
      metrics.accountChecked(
          key,
          account,
          outcome,
          recorded.transitions().stream()
              .filter(t -> t.outcome().control().equals(outcome.control()))
              .toList());
    }
    if (recorded.sweepCompleted()) {
      metrics.sweepCompleted(key, ledgers.get(policy.getMetadata().getUid()));
    }
  }

  /**
   * The flags as the check left them (read once, no extra call), if they could be read; only when
   * the policy manages them (a detection-only policy never reads them).
   */
  private static Optional<PublicAccessBlock> readBack(AccountSubject subject) {
    try {
      return Optional.of(subject.s3Control().publicAccessBlock(subject.accountId()));
    } catch (AwsFailure failure) {
      return Optional.empty();
    }
  }

  /** Synced is False when no setting of the account could even be read. */
  private static Optional<String> unreadable(List<ControlOutcome> outcomes) {
    return outcomes.stream().allMatch(o -> o.state() == OutcomeState.FAILED && o.drift().isNone())
            && !outcomes.isEmpty()
            && outcomes.stream().noneMatch(o -> o.reason() == OutcomeReason.InternalError)
        ? Optional.of(outcomes.get(0).message())
        : Optional.empty();
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

  private static String checkNow(AccountPolicy policy) {
    Map<String, String> annotations = policy.getMetadata().getAnnotations();
    return annotations == null
        ? null
        : annotations.get(io.s3posture.api.v1alpha1.BucketPolicy.CHECK_NOW_ANNOTATION);
  }
}
