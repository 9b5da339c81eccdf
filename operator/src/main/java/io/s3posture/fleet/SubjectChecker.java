package io.s3posture.fleet;

import io.s3posture.aws.AwsFailure;
import io.s3posture.aws.AwsTarget;
import io.s3posture.aws.FailureKind;
import io.s3posture.aws.PublicAccessBlock;
import io.s3posture.control.AccountPublicAccessBlockControl;
import io.s3posture.control.AccountSubject;
import io.s3posture.control.BucketSubject;
import io.s3posture.control.CheckSubject;
import io.s3posture.control.ControlName;
import io.s3posture.control.ControlOutcome;
import io.s3posture.control.OutcomeReason;
import io.s3posture.control.OutcomeState;
import io.s3posture.control.PolicyRef;
import io.s3posture.control.TargetCheck;
import io.s3posture.control.WriteGate;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.MDC;

/**
 * The unit of work: one subject (a bucket or an account), for every policy that governs it. Runs
 * the engine once (one writer of the subject, requirements combined), records each policy's
 * outcomes in its ledger and hands the transitions to the reporter. A transient failure schedules a
 * retry of the subject with backoff. Both kinds take the same path; a kind only says how its
 * subject is opened and which engine (run order) checks it.
 */
public final class SubjectChecker implements SubjectWorkQueue.Worker {

  /** Where the results go: events, metrics, status refresh. */
  public interface Reporter {
    void checked(
        GovernedPolicy<?> policy,
        SubjectKey subject,
        List<ControlOutcome> outcomes,
        PolicyLedger.Recorded recorded,
        PolicyLedger ledger);

    /** A check ran (once per subject, for all its policies), whatever it found. */
    default void checkRan(SubjectKey subject, Trigger trigger) {}
  }

  /** Schedules a later check of a subject after a transient failure. */
  public interface Retries {
    void failedTransiently(SubjectKey key, String budget);

    void succeeded(SubjectKey key);
  }

  /** Opens a subject for one check (each setting read once per check). */
  public interface Subjects {
    BucketSubject bucket(AwsTarget target, String bucket);

    AccountSubject account(AwsTarget target, String accountId);
  }

  private final PolicyIndex index;
  private final Subjects subjects;
  private final TargetCheck bucketEngine;
  private final TargetCheck accountEngine;
  private final Reporter reporter;
  private final Retries retries;
  private final Clock clock;
  private final WriteGate gate;

  /**
   * @param bucketEngine the engine with the bucket controls' run order
   * @param accountEngine the engine with the account controls' run order
   */
  public SubjectChecker(
      PolicyIndex index,
      Subjects subjects,
      TargetCheck bucketEngine,
      TargetCheck accountEngine,
      Reporter reporter,
      Retries retries,
      Clock clock) {
    this.index = Objects.requireNonNull(index, "index");
    this.subjects = Objects.requireNonNull(subjects, "subjects");
    this.bucketEngine = Objects.requireNonNull(bucketEngine, "bucketEngine");
    this.accountEngine = Objects.requireNonNull(accountEngine, "accountEngine");
    this.reporter = Objects.requireNonNull(reporter, "reporter");
    this.retries = Objects.requireNonNull(retries, "retries");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.gate = new GuardrailGate(index, clock);
  }

  @Override
  public SubjectWorkQueue.Result check(
      SubjectKey key, Optional<Set<ControlName>> controls, List<Trigger> triggers) {
    if (key instanceof BucketKey bucket) {
      List<GovernedBuckets> policies = index.governing(bucket);
      if (policies.isEmpty()) {
        return SubjectWorkQueue.Result.NO_POLICY;
      }
      AwsTarget target = policies.get(0).target();
      return check(
          key,
          "bucket",
          policies,
          subjects.bucket(target, bucket.bucket()),
          bucketEngine,
          controls,
          triggers,
          subject -> SubjectFacts.NONE);
    }
    AccountKey account = (AccountKey) key;
    List<GovernedAccount> policies = index.governing(account);
    if (policies.isEmpty()) {
      return SubjectWorkQueue.Result.NO_POLICY;
    }
    AwsTarget target = policies.get(0).targetOf(account.accountId());
    boolean flagsManaged =
        policies.stream()
            .flatMap(p -> p.controls().stream())
            .anyMatch(c -> c.name().equals(AccountPublicAccessBlockControl.INFO.name()));
    return check(
        key,
        "account",
        policies,
        subjects.account(target, account.accountId()),
        accountEngine,
        controls,
        triggers,
        subject -> flagsManaged ? accountFacts(subject) : SubjectFacts.NONE);
  }

  private <S extends CheckSubject> SubjectWorkQueue.Result check(
      SubjectKey key,
      String kind,
      List<? extends GovernedPolicy<S>> policies,
      S subject,
      TargetCheck engine,
      Optional<Set<ControlName>> controls,
      List<Trigger> triggers,
      Function<S, SubjectFacts> facts) {
    MDC.put(kind, key.name());
    try {
      Map<PolicyRef, List<ControlOutcome>> outcomes =
          forPeople(
              engine.run(
                  subject,
                  policies.stream()
                      .map(
                          p ->
                              new TargetCheck.PolicyControls<>(
                                  p.ref(), p.controls(), p.exemptions()))
                      .toList(),
                  name -> controls.map(only -> only.contains(name)).orElse(true),
                  gate));
      SubjectFacts seen = facts.apply(subject);
      Instant now = clock.instant();
      Trigger trigger = mostTelling(triggers);
      Function<ControlName, Trigger> why = control -> explaining(triggers, control, trigger);
      boolean retrySoon = false;
      for (GovernedPolicy<S> policy : policies) {
        List<ControlOutcome> own = outcomes.getOrDefault(policy.ref(), List.of());
        Optional<PolicyLedger> ledger = index.ledger(policy.ref().uid());
        if (ledger.isEmpty()) {
          continue; // deleted while the subject was checked
        }
        PolicyLedger.Recorded recorded = ledger.get().record(key.name(), own, why, now, seen);
        index
            .guardrails(policy.ref().uid())
            .ifPresent(guardrails -> settle(guardrails, key.name(), own, recorded, now));
        reporter.checked(policy, key, own, recorded, ledger.get());
        retrySoon |= own.stream().anyMatch(ControlOutcome::retrySoon);
      }
      reporter.checkRan(key, trigger);
      if (retrySoon) {
        retries.failedTransiently(key, budgetOf(key, policies.get(0)));
        return SubjectWorkQueue.Result.FAILED_TRANSIENTLY;
      }
      retries.succeeded(key);
      return SubjectWorkQueue.Result.CHECKED;
    } finally {
      MDC.remove(kind);
    }
  }

  /** The budget of the subject's checks: a member account's own, through its member role. */
  static String budgetOf(SubjectKey key, GovernedPolicy<?> policy) {
    return AccountBudgets.keyOf(
        key instanceof AccountKey account && policy instanceof GovernedAccount governed
            ? governed.targetOf(account.accountId())
            : policy.target());
  }

  /** Outcomes whose credential failures say in one line what to check (not the SDK's dump). */
  private static Map<PolicyRef, List<ControlOutcome>> forPeople(
      Map<PolicyRef, List<ControlOutcome>> outcomes) {
    Map<PolicyRef, List<ControlOutcome>> said = new LinkedHashMap<>();
    outcomes.forEach(
        (policy, list) ->
            said.put(
                policy,
                list.stream()
                    .map(
                        o ->
                            o.failure().filter(kind -> kind == FailureKind.CREDENTIALS).isEmpty()
                                ? o
                                : new ControlOutcome(
                                    o.control(),
                                    o.state(),
                                    o.drift(),
                                    o.reason(),
                                    o.failure(),
                                    CredentialsAdvice.forOperator(
                                        FailureKind.CREDENTIALS, o.message()),
                                    o.retrySoon()))
                    .toList()));
    return said;
  }

  /** The account's flags as the check left them (read once, no extra call), if readable. */
  private static SubjectFacts accountFacts(AccountSubject subject) {
    try {
      PublicAccessBlock flags = subject.s3Control().publicAccessBlock(subject.accountId());
      return new SubjectFacts(Optional.of(flags));
    } catch (AwsFailure failure) {
      return SubjectFacts.NONE;
    }
  }

  /** Keeps the policy's plan and circuit breaker up to date with what the check did. */
  private static void settle(
      PolicyGuardrails guardrails,
      String subject,
      List<ControlOutcome> outcomes,
      PolicyLedger.Recorded recorded,
      Instant now) {
    Map<ControlName, Boolean> awaiting = new LinkedHashMap<>();
    outcomes.forEach(o -> awaiting.put(o.control(), o.reason() == OutcomeReason.AwaitingApproval));
    guardrails.settled(subject, awaiting);
    guardrails.failedCorrections(
        (int) outcomes.stream().filter(SubjectChecker::failedCorrection).count(), now);
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
