package io.s3posture.fleet;

import io.s3posture.aws.AwsTarget;
import io.s3posture.aws.S3Gateway;
import io.s3posture.control.BucketSubject;
import io.s3posture.control.ControlName;
import io.s3posture.control.ControlOutcome;
import io.s3posture.control.OutcomeReason;
import io.s3posture.control.OutcomeState;
import io.s3posture.control.PolicyRef;
import io.s3posture.control.TargetCheck;
import io.s3posture.control.WriteGate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.MDC;

/**
 * The unit of work: one bucket, for every policy that governs it. Runs the engine once (one writer
 * of the bucket, requirements combined), records each policy's outcomes in its ledger and hands the
 * transitions to the reporter. A transient failure schedules a retry of the bucket with backoff.
 */
public final class BucketChecker implements BucketWorkQueue.Worker {

  /** Where the results go: events, metrics, status refresh. */
  public interface Reporter {
    void checked(
        GovernedPolicy policy,
        String bucket,
        List<ControlOutcome> outcomes,
        PolicyLedger.Recorded recorded,
        PolicyLedger ledger);

    /** A bucket check ran (once per bucket, for all its policies), whatever it found. */
    default void bucketCheckRan(Trigger trigger) {}
  }

  /** Schedules a later check of a bucket after a transient failure. */
  public interface Retries {
    void failedTransiently(BucketKey key, String account);

    void succeeded(BucketKey key);
  }

  private final PolicyIndex index;
  private final Function<AwsTarget, S3Gateway> gateways;
  private final Function<AwsTarget, Optional<String>> principals;
  private final TargetCheck engine;
  private final Reporter reporter;
  private final Retries retries;
  private final Clock clock;
  private final WriteGate gate;

  public BucketChecker(
      PolicyIndex index,
      Function<AwsTarget, S3Gateway> gateways,
      Function<AwsTarget, Optional<String>> principals,
      TargetCheck engine,
      Reporter reporter,
      Retries retries,
      Clock clock) {
    this.index = Objects.requireNonNull(index, "index");
    this.gateways = Objects.requireNonNull(gateways, "gateways");
    this.principals = Objects.requireNonNull(principals, "principals");
    this.engine = Objects.requireNonNull(engine, "engine");
    this.reporter = Objects.requireNonNull(reporter, "reporter");
    this.retries = Objects.requireNonNull(retries, "retries");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.gate = new GuardrailGate(index, clock);
  }

  @Override
  public BucketWorkQueue.Result check(
      BucketKey key, Optional<Set<ControlName>> controls, List<Trigger> triggers) {
    List<GovernedPolicy> policies = index.governing(key);
    if (policies.isEmpty()) {
      return BucketWorkQueue.Result.NO_POLICY;
    }
    AwsTarget target = policies.get(0).target();
    MDC.put("bucket", key.bucket());
    try {
      BucketSubject subject =
          BucketSubject.of(gateways.apply(target), key.bucket(), () -> principals.apply(target));
      Map<PolicyRef, List<ControlOutcome>> outcomes =
          engine.run(
              subject,
              policies.stream()
                  .map(p -> new TargetCheck.PolicyControls<>(p.ref(), p.controls(), p.exemptions()))
                  .toList(),
              name -> controls.map(only -> only.contains(name)).orElse(true),
              gate);
      Instant now = clock.instant();
      Trigger trigger = mostTelling(triggers);
      Function<ControlName, Trigger> why = control -> explaining(triggers, control, trigger);
      boolean retrySoon = false;
      for (GovernedPolicy policy : policies) {
        List<ControlOutcome> own = outcomes.getOrDefault(policy.ref(), List.of());
        Optional<PolicyLedger> ledger = index.ledger(policy.ref().uid());
        if (ledger.isEmpty()) {
          continue; // deleted while the bucket was checked
        }
        PolicyLedger.Recorded recorded = ledger.get().record(key.bucket(), own, why, now);
        index
            .guardrails(policy.ref().uid())
            .ifPresent(guardrails -> settle(guardrails, key.bucket(), own, recorded, now));
        reporter.checked(policy, key.bucket(), own, recorded, ledger.get());
        retrySoon |= own.stream().anyMatch(ControlOutcome::retrySoon);
      }
      reporter.bucketCheckRan(trigger);
      if (retrySoon) {
        retries.failedTransiently(key, accountOf(target));
        return BucketWorkQueue.Result.FAILED_TRANSIENTLY;
      }
      retries.succeeded(key);
      return BucketWorkQueue.Result.CHECKED;
    } finally {
      MDC.remove("bucket");
    }
  }

  /** Keeps the policy's plan and circuit breaker up to date with what the check did. */
  private static void settle(
      PolicyGuardrails guardrails,
      String bucket,
      List<ControlOutcome> outcomes,
      PolicyLedger.Recorded recorded,
      Instant now) {
    Map<ControlName, Boolean> awaiting = new java.util.LinkedHashMap<>();
    outcomes.forEach(o -> awaiting.put(o.control(), o.reason() == OutcomeReason.AwaitingApproval));
    guardrails.settled(bucket, awaiting);
    guardrails.failedCorrections(
        (int) outcomes.stream().filter(BucketChecker::failedCorrection).count(), now);
    if (recorded.sweepCompleted()) {
      guardrails.sweepCompleted();
    }
  }

  /** A correction that was attempted and did not take. */
  private static boolean failedCorrection(ControlOutcome outcome) {
    return outcome.state() == OutcomeState.FAILED
        && !outcome.drift().isNone()
        && (outcome.reason() == OutcomeReason.AwsCallFailed
            || outcome.reason() == OutcomeReason.VerificationFailed);
  }

  /**
   * The account a target reaches and as whom, for per-account limits: a policy that assumes a role
   * (credentials that may fail) or uses another endpoint never shares a budget with one that does
   * not.
   */
  public static String accountOf(AwsTarget target) {
    return GovernedPolicy.endpointOf(target)
        + "/"
        + target.accountId().orElse("default")
        + target.roleArn().map(role -> "/" + role).orElse("");
  }

  /** Of the change events checked together, the one whose call can have changed {@code control}. */
  private static Trigger explaining(List<Trigger> triggers, ControlName control, Trigger fallback) {
    return triggers.stream().filter(t -> t.explains(control)).findFirst().orElse(fallback);
  }

  /** A change event says more than a sweep (who changed what), for events on the policy. */
  private static Trigger mostTelling(List<Trigger> triggers) {
    return triggers.stream()
        .filter(t -> t.kind() == Trigger.Kind.CHANGE_EVENT)
        .findFirst()
        .orElse(triggers.isEmpty() ? Trigger.SWEEP : triggers.get(0));
  }
}
