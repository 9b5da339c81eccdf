package io.s3posture.reconciler;

import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.micrometer.core.instrument.Timer;
import io.s3posture.api.v1alpha1.AccountPolicy;
import io.s3posture.api.v1alpha1.AccountPolicySpec;
import io.s3posture.api.v1alpha1.AccountPolicyStatus;
import io.s3posture.api.v1alpha1.Finding;
import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.aws.AccountGateway;
import io.s3posture.aws.AwsGateways;
import io.s3posture.control.AccountPublicAccessBlockCheck;
import io.s3posture.control.ControlOutcome;
import io.s3posture.control.OutcomeState;
import io.s3posture.control.PublicAccessBlockControl;
import io.s3posture.control.ReadBackVerifier;
import io.s3posture.events.EventPublisher;
import io.s3posture.metrics.CheckTransition;
import io.s3posture.metrics.PolicyKey;
import io.s3posture.metrics.PostureMetrics;
import io.s3posture.status.AccountPolicyStatusFactory;
import io.s3posture.status.ConditionReason;
import io.s3posture.status.FindingsList;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Keeps an AWS account's Block Public Access (S3 Control) as an AccountPolicy declares. */
@ControllerConfiguration(
    name = AccountPolicyReconciler.NAME,
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = SpecOrCheckNowChanged.class))
public final class AccountPolicyReconciler implements Reconciler<AccountPolicy> {

  public static final String NAME = "accountpolicy";
  static final String KIND = "AccountPolicy";
  private static final Logger LOG = LoggerFactory.getLogger(AccountPolicyReconciler.class);

  private final AwsGateways gateways;
  private final AccountPolicyStatusFactory statusFactory;
  private final AccountPublicAccessBlockCheck check;
  private final EventPublisher events;
  private final PostureMetrics metrics;
  private final ResyncSchedule schedule;
  private final ForgetDeletedPolicies forgetter;

  public AccountPolicyReconciler(
      AwsGateways gateways,
      AccountPolicyStatusFactory statusFactory,
      ReadBackVerifier verifier,
      EventPublisher events,
      PostureMetrics metrics,
      ResyncSchedule schedule,
      ForgetDeletedPolicies forgetter) {
    this.gateways = Objects.requireNonNull(gateways);
    this.statusFactory = Objects.requireNonNull(statusFactory);
    this.check = new AccountPublicAccessBlockCheck(verifier);
    this.events = Objects.requireNonNull(events);
    this.metrics = Objects.requireNonNull(metrics);
    this.schedule = Objects.requireNonNull(schedule);
    this.forgetter = Objects.requireNonNull(forgetter);
  }

  @Override
  public UpdateControl<AccountPolicy> reconcile(
      AccountPolicy policy, Context<AccountPolicy> context) {
    String uid = policy.getMetadata().getUid();
    PolicyKey key = new PolicyKey(KIND, "", policy.getMetadata().getName());
    forgetter.reconciling(uid, key, context.getPrimaryCache().list());
    AccountPolicySpec spec = policy.getSpec();
    String account = spec.aws().accountId();
    Duration interval = ResyncSchedule.parse(spec.resyncInterval());
    MDC.put("policy", key.name());
    Timer.Sample timing = Timer.start();
    try {
      Instant started = Instant.now();
      AccountGateway gateway = gateways.accountGateway(spec.aws());
      Mode mode = spec.mode() != null ? spec.mode() : Mode.Enforce;
      Mode effective =
          spec.publicAccessBlock().mode() != null ? spec.publicAccessBlock().mode() : mode;
      AccountPublicAccessBlockCheck.Result result =
          check.run(
              gateway,
              account,
              PublicAccessBlockControl.required(spec.publicAccessBlock()),
              effective);
      ControlOutcome outcome = result.outcome();
      Optional<Finding> before = previousFinding(policy);
      OutcomeState previous =
          before.map(f -> FindingsList.toOutcome(f.state())).orElse(OutcomeState.COMPLIANT);
      boolean changed = isChange(previous, before, outcome);
      if (changed) {
        events.publish(
            policy, List.of(TransitionEvents.event("account " + account, outcome, previous)));
      }
      String since =
          before
              .filter(f -> FindingsList.toOutcome(f.state()) == outcome.state())
              .map(Finding::since)
              .orElseGet(
                  () ->
                      Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
      AccountPolicyStatus status =
          result.observed() == null
              ? statusFactory.notChecked(policy, ConditionReason.AwsCallFailed, outcome.message())
              : statusFactory.checked(policy, outcome, result.observed(), since);
      if (result.observed() == null) {
        metrics.checkFailed(key, outcome.reason());
      } else {
        metrics.accountChecked(
            key,
            account,
            outcome,
            changed
                ? Optional.of(
                    new CheckTransition(
                        outcome.control().specName(),
                        outcome.state(),
                        !outcome.drift().isNone(),
                        before.map(Finding::since).map(Instant::parse)))
                : Optional.empty(),
            interval,
            started);
      }
      return StatusPatch.ifChanged(policy, status, AccountPolicy::new)
          .rescheduleAfter(schedule.next(uid, interval, outcome.retrySoon()));
    } finally {
      timing.stop(metrics.reconcileTimer(KIND));
      MDC.remove("policy");
    }
  }

  private static boolean isChange(
      OutcomeState previous, Optional<Finding> before, ControlOutcome outcome) {
    if (outcome.state() == OutcomeState.CORRECTED) {
      return true;
    }
    if (outcome.state() == OutcomeState.COMPLIANT) {
      return previous != OutcomeState.COMPLIANT;
    }
    return previous != outcome.state()
        || (outcome.state() == OutcomeState.FAILED
            && !outcome.reason().equals(before.map(Finding::reason).orElse("")));
  }

  @Override
  public ErrorStatusUpdateControl<AccountPolicy> updateErrorStatus(
      AccountPolicy policy, Context<AccountPolicy> context, Exception e) {
    LOG.error("unexpected error checking AccountPolicy {}", policy.getMetadata().getName(), e);
    return ErrorStatusUpdateControl.patchStatus(
        StatusPatch.statusOnly(
            policy,
            statusFactory.notChecked(
                policy, ConditionReason.InternalError, String.valueOf(e.getMessage())),
            AccountPolicy::new));
  }

  private static Optional<Finding> previousFinding(AccountPolicy policy) {
    return Optional.ofNullable(policy.getStatus())
        .map(AccountPolicyStatus::findings)
        .flatMap(findings -> findings.stream().findFirst());
  }
}
