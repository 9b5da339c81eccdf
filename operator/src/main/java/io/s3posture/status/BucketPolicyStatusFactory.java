package io.s3posture.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.s3posture.api.v1alpha1.BucketCounts;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.api.v1alpha1.BucketPolicyStatus;
import io.s3posture.api.v1alpha1.EnforcementStatus;
import io.s3posture.api.v1alpha1.ExemptionStatus;
import io.s3posture.api.v1alpha1.PlanStatus;
import io.s3posture.api.v1alpha1.RememberedState;
import io.s3posture.control.ControlEvidence;
import io.s3posture.control.OutcomeState;
import io.s3posture.fleet.LedgerMemory;
import io.s3posture.fleet.Plan;
import io.s3posture.fleet.PolicyGuardrails;
import io.s3posture.fleet.PolicyLedger;
import io.s3posture.fleet.ResyncInterval;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Builds a fresh BucketPolicy status from what the policy's ledger knows: counts, findings, what a
 * restart needs, and the conditions ({@link PolicyHealth}). A status built twice from the same
 * ledger is the same, so nothing is written when nothing changed.
 *
 * <p>Status never claims what was not verified: a bucket last checked more than {@link
 * #EVIDENCE_INTERVALS} resync intervals ago is not counted compliant ({@code unverified}), a last
 * sweep that read nothing is {@code Synced=False}, and a sweep that runs longer than {@link
 * #LONG_SWEEP} shows its progress in Synced.
 */
public final class BucketPolicyStatusFactory {

  /** Evidence older than this many resync intervals is not enough to call a bucket compliant. */
  static final int EVIDENCE_INTERVALS = 2;

  /** The oldest evidence on which a subject still counts compliant. */
  static Instant evidenceSince(Instant now, Duration interval) {
    return now.minus(interval.multipliedBy(EVIDENCE_INTERVALS));
  }

  /** A sweep running longer than this shows its progress (the first one always does). */
  static final Duration LONG_SWEEP = Duration.ofMinutes(1);

  static final String BUCKETS = "bucket(s)";

  /**
   * What the guard rails show: a pause, the plan waiting for approval, its ConfigMaps.
   *
   * @param bucketsToCheck while the plan is computed: the buckets its check still has to check
   */
  public record Guardrails(
      Optional<PolicyGuardrails.Pause> pause,
      Optional<String> resumedWith,
      Plan plan,
      Optional<Integer> bucketsToCheck,
      Optional<String> lastApplied,
      List<String> configMaps,
      List<ExemptionStatus> exemptions) {

    public static final Guardrails NONE =
        new Guardrails(
            Optional.empty(),
            Optional.empty(),
            new Plan(List.of(), ""),
            Optional.empty(),
            Optional.empty(),
            List.of(),
            List.of());

    /** Whether the plan is complete (its check is over): only then is it shown and approvable. */
    public boolean planComplete() {
      return bucketsToCheck.isEmpty();
    }
  }

  private final ConditionFactory conditions;
  private final Supplier<Optional<String>> eventsNote;

  public BucketPolicyStatusFactory(ConditionFactory conditions) {
    this(conditions, Optional::empty);
  }

  /**
   * @param eventsNote what Synced adds while change events are enabled and not received (empty
   *     otherwise); it changes only when reception does, so status is still written on transitions
   *     only
   */
  public BucketPolicyStatusFactory(
      ConditionFactory conditions, Supplier<Optional<String>> eventsNote) {
    this.conditions = conditions;
    this.eventsNote = eventsNote;
  }

  public BucketPolicyStatus build(
      BucketPolicy policy, PolicyLedger ledger, Optional<SyncProblem> problem) {
    return build(policy, ledger, problem, Guardrails.NONE);
  }

  public BucketPolicyStatus build(
      BucketPolicy policy,
      PolicyLedger ledger,
      Optional<SyncProblem> problem,
      Guardrails guardrails) {
    long generation = policy.getMetadata().getGeneration();
    List<Condition> previous = previousConditions(policy);
    Instant now = conditions.clock().instant();
    PolicyLedger.Counts counts = ledger.counts(evidenceSince(now, interval(policy)));
    BucketCounts buckets = bucketCounts(counts);
    FindingsList.Capped findings = FindingsList.of(ledger.notCompliant());
    Optional<PolicyLedger.Sweep> sweep = ledger.sweep();
    boolean checked =
        ledger.lastSweepCompleted().isPresent()
            || counts.restored()
            || (!ledger.resolved() && counts.recorded() > 0);
    Optional<SyncProblem> cannotCheck =
        problem.or(() -> ledger.unreachable().map(BucketPolicyStatusFactory::unreachable));
    Condition synced = synced(cannotCheck, sweep, checked, now, generation, previous);
    PolicyHealth.Evidence evidence =
        evidence(policy, ledger, buckets, checked, cannotCheck, guardrails);
    BucketPolicyStatus last = policy.getStatus();
    CheckTimes times =
        CheckTimes.of(
            ledger,
            interval(policy),
            last == null
                ? new CheckTimes(null, null)
                : new CheckTimes(last.lastCheckTime(), last.staleAfter()));
    return new BucketPolicyStatus(
        generation,
        PolicyHealth.conditions(conditions, evidence, synced, generation, previous),
        ledger.resolved() || counts.restored() ? buckets : lastCounts(policy),
        findings.shown().isEmpty() ? null : findings.shown(),
        findings.omitted() > 0 ? findings.omitted() : null,
        times.lastCheckTime(),
        times.staleAfter(),
        guardrails.exemptions().isEmpty() ? null : guardrails.exemptions(),
        enforcement(guardrails),
        plan(guardrails),
        remembered(ledger, findings),
        null);
  }

  /** A last sweep that read nothing: the checks cannot run. */
  static SyncProblem unreachable(ControlEvidence.FailedCall cause) {
    return SyncProblem.nothingRead("no bucket could be read in the last check", cause);
  }

  private PolicyHealth.Evidence evidence(
      BucketPolicy policy,
      PolicyLedger ledger,
      BucketCounts counts,
      boolean checked,
      Optional<SyncProblem> cannotCheck,
      Guardrails guardrails) {
    int notCompliant =
        counts.governed()
            - counts.compliant()
            - counts.notChecked()
            - counts.exempt()
            - counts.unverified();
    return new PolicyHealth.Evidence(
        BUCKETS,
        checked,
        ledger.resolved()
            ? "first check of " + counts.governed() + " bucket(s) under way"
            : "not checked yet",
        cannotCheck,
        counts.governed(),
        notCompliant,
        counts.failed(),
        FailedChecks.allTransient(ledger.notCompliant()),
        counts.conflicted(),
        counts.needsHuman(),
        counts.unverified(),
        guardrails
            .pause()
            .map(
                p ->
                    p.message()
                        + "; resume with: "
                        + hint(policy, BucketPolicy.RESUME_ANNOTATION, "\"$(date +%s)\"")),
        computing(guardrails),
        awaiting(policy, guardrails),
        summary(counts, notCompliant));
  }

  private static Optional<String> computing(Guardrails guardrails) {
    if (guardrails.plan().isEmpty() || guardrails.planComplete()) {
      return Optional.empty();
    }
    return Optional.of(
        "the plan for approval is being computed: "
            + guardrails.bucketsToCheck().get()
            + " bucket(s) still to be checked (so far "
            + guardrails.plan().writes()
            + " write(s)); it can be approved once complete");
  }

  private static Optional<String> awaiting(BucketPolicy policy, Guardrails guardrails) {
    Plan plan = guardrails.plan();
    if (plan.isEmpty() || !guardrails.planComplete()) {
      return Optional.empty();
    }
    return Optional.of(
        plan.writes()
            + " write(s) to "
            + plan.buckets()
            + " bucket(s) wait for approval (plan in ConfigMap "
            + String.join(", ", guardrails.configMaps())
            + "); approve with: "
            + hint(policy, BucketPolicy.APPROVE_PLAN_ANNOTATION, plan.hash()));
  }

  /** The command that sets an annotation on this policy. */
  private static String hint(BucketPolicy policy, String annotation, String value) {
    return "kubectl annotate bucketpolicy "
        + policy.getMetadata().getName()
        + " -n "
        + policy.getMetadata().getNamespace()
        + " --overwrite "
        + annotation
        + "="
        + value;
  }

  /** What status remembers beyond the findings shown, for a restart; none when they say it all. */
  private static List<RememberedState> remembered(
      PolicyLedger ledger, FindingsList.Capped findings) {
    List<RememberedState> entries =
        LedgerMemory.encode(ledger.notCompliant(), ledger.corrected(), findings.keys()).entries();
    return entries.isEmpty() ? null : entries;
  }

  private static EnforcementStatus enforcement(Guardrails guardrails) {
    if (guardrails.pause().isEmpty() && guardrails.resumedWith().isEmpty()) {
      return null;
    }
    return guardrails
        .pause()
        .map(
            p ->
                new EnforcementStatus(
                    true,
                    p.reason().name(),
                    p.message(),
                    format(p.since()),
                    guardrails.resumedWith().orElse(null)))
        .orElseGet(
            () -> new EnforcementStatus(null, null, null, null, guardrails.resumedWith().get()));
  }

  private static PlanStatus plan(Guardrails guardrails) {
    if (guardrails.plan().isEmpty() && guardrails.lastApplied().isEmpty()) {
      return null;
    }
    Plan plan = guardrails.plan();
    if (plan.isEmpty()) {
      return new PlanStatus(null, null, null, null, guardrails.lastApplied().get(), null);
    }
    return guardrails.planComplete()
        ? new PlanStatus(
            plan.hash(),
            plan.writes(),
            plan.buckets(),
            guardrails.configMaps(),
            guardrails.lastApplied().orElse(null),
            null)
        : new PlanStatus(
            null,
            plan.writes(),
            plan.buckets(),
            null,
            guardrails.lastApplied().orElse(null),
            guardrails.bucketsToCheck().get());
  }

  private Condition synced(
      Optional<SyncProblem> problem,
      Optional<PolicyLedger.Sweep> sweep,
      boolean checked,
      Instant now,
      long generation,
      List<Condition> previous) {
    if (problem.isPresent()) {
      return conditions.build(
          ConditionType.Synced,
          false,
          problem.get().reason(),
          problem.get().message(),
          generation,
          previous);
    }
    if (!checked && sweep.isPresent()) {
      PolicyLedger.Sweep s = sweep.get();
      return conditions.unknown(
          ConditionType.Synced,
          ConditionReason.Checking,
          "checked " + (s.total() - s.pending()) + " of " + s.total() + " bucket(s)",
          generation,
          previous);
    }
    if (sweep.isPresent()
        && sweep.get().pending() > 0
        && sweep.get().started().plus(LONG_SWEEP).isBefore(now)) {
      PolicyLedger.Sweep s = sweep.get();
      return conditions.build(
          ConditionType.Synced,
          true,
          ConditionReason.Checking,
          "check under way since "
              + format(s.started())
              + ": "
              + (s.total() - s.pending())
              + " of "
              + s.total()
              + " bucket(s) checked; counts and findings of the others are from their last"
              + " check",
          generation,
          previous);
    }
    return conditions.build(
        ConditionType.Synced,
        true,
        ConditionReason.CheckSucceeded,
        "buckets are checked" + eventsNote.get().map(note -> "; " + note).orElse(""),
        generation,
        previous);
  }

  private static BucketCounts bucketCounts(PolicyLedger.Counts counts) {
    return new BucketCounts(
        counts.governed(),
        counts.compliant(),
        counts.in(OutcomeState.DRIFTED),
        counts.in(OutcomeState.CORRECTED),
        counts.in(OutcomeState.FAILED),
        counts.in(OutcomeState.NEEDS_HUMAN),
        counts.in(OutcomeState.CONFLICT),
        counts.notChecked(),
        counts.in(OutcomeState.EXEMPT),
        counts.unverified());
  }

  private static BucketCounts lastCounts(BucketPolicy policy) {
    return policy.getStatus() != null ? policy.getStatus().buckets() : null;
  }

  private static String summary(BucketCounts counts, int notCompliant) {
    List<String> parts = new ArrayList<>();
    part(parts, counts.drifted(), "drifted");
    part(parts, counts.needsHuman(), "need a person");
    part(parts, counts.conflicted(), "in conflict with another policy");
    part(parts, counts.failed(), "failed");
    return notCompliant
        + " of "
        + counts.governed()
        + " bucket(s) not compliant: "
        + String.join(", ", parts);
  }

  private static void part(List<String> parts, int count, String what) {
    if (count > 0) {
      parts.add(count + " " + what);
    }
  }

  /** Three intervals after the last complete check, as UTC text that sorts by time. */
  static String staleAfter(Instant lastCheck, Duration interval) {
    return format(lastCheck.plus(interval.multipliedBy(3)));
  }

  private static Duration interval(BucketPolicy policy) {
    return ResyncInterval.parse(
        policy.getSpec() != null ? policy.getSpec().resyncInterval() : null);
  }

  /** Milliseconds: a check requested right after the last one is told apart from it. */
  static String checkTime(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS).toString();
  }

  static String format(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static List<Condition> previousConditions(BucketPolicy policy) {
    return policy.getStatus() != null && policy.getStatus().conditions() != null
        ? policy.getStatus().conditions()
        : List.of();
  }
}
