package io.s3posture.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.s3posture.api.v1alpha1.BucketCounts;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.api.v1alpha1.BucketPolicyStatus;
import io.s3posture.api.v1alpha1.EnforcementStatus;
import io.s3posture.api.v1alpha1.ExemptionStatus;
import io.s3posture.api.v1alpha1.Finding;
import io.s3posture.api.v1alpha1.PlanStatus;
import io.s3posture.control.ControlName;
import io.s3posture.control.OutcomeState;
import io.s3posture.fleet.LedgerEntry;
import io.s3posture.fleet.LedgerMemory;
import io.s3posture.fleet.Plan;
import io.s3posture.fleet.PolicyGuardrails;
import io.s3posture.fleet.PolicyLedger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Builds a fresh BucketPolicy status from what the policy's ledger knows. Ready says whether the
 * declared state holds; Synced whether the checks run. A status built twice from the same ledger is
 * the same, so nothing is written when nothing changed.
 *
 * <p>Status never claims what was not verified: Ready is not True while some bucket was last
 * checked more than {@link #EVIDENCE_INTERVALS} resync intervals ago ({@code EvidenceStale}), and a
 * sweep that runs longer than {@link #LONG_SWEEP} shows its progress in Synced.
 */
public final class BucketPolicyStatusFactory {

  /** Evidence older than this many resync intervals is not enough to call a bucket compliant. */
  static final int EVIDENCE_INTERVALS = 2;

  /** A sweep running longer than this shows its progress (the first one always does). */
  static final java.time.Duration LONG_SWEEP = java.time.Duration.ofMinutes(1);

  /** Why the checks cannot run, when they cannot. */
  public record SyncProblem(ConditionReason reason, String message) {}

  /** What the guard rails show: a pause, the plan waiting for approval, its ConfigMaps. */
  public record Guardrails(
      Optional<PolicyGuardrails.Pause> pause,
      Optional<String> resumedWith,
      Plan plan,
      Optional<String> lastApplied,
      List<String> configMaps,
      List<ExemptionStatus> exemptions) {

    public static final Guardrails NONE =
        new Guardrails(
            Optional.empty(),
            Optional.empty(),
            new Plan(List.of(), ""),
            Optional.empty(),
            List.of(),
            List.of());
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
    PolicyLedger.Counts counts = ledger.counts();
    BucketCounts buckets = bucketCounts(counts);
    Map<String, Map<ControlName, LedgerEntry>> notCompliant = ledger.notCompliant();
    FindingsList.Capped findings = FindingsList.of(notCompliant);
    Optional<PolicyLedger.Sweep> sweep = ledger.sweep();
    boolean checked = ledger.lastSweepCompleted().isPresent() || counts.restored();
    Instant now = conditions.clock().instant();
    Instant evidenceBound = now.minus(interval(policy).multipliedBy(EVIDENCE_INTERVALS));
    int unverified = ledger.checkedBefore(evidenceBound, parse(lastCheck(policy)));
    Condition ready =
        checked || !ledger.resolved()
            ? ready(
                buckets,
                counts,
                ledger.resolved(),
                unverified,
                guardrails,
                policy,
                generation,
                previous)
            : conditions.unknown(
                ConditionType.Ready,
                ConditionReason.NotChecked,
                "first check of " + buckets.governed() + " bucket(s) under way",
                generation,
                previous);
    Condition synced = synced(problem, sweep, checked, now, generation, previous);
    return new BucketPolicyStatus(
        generation,
        List.of(ready, synced),
        ledger.resolved() || counts.restored() ? buckets : lastCounts(policy),
        findings.shown().isEmpty() ? null : findings.shown(),
        findings.omitted() > 0 ? findings.omitted() : null,
        ledger
            .lastSweepCompleted()
            .map(BucketPolicyStatusFactory::checkTime)
            .orElse(lastCheck(policy)),
        ledger
            .lastSweepCompleted()
            .map(done -> staleAfter(done, interval(policy)))
            .orElse(policy.getStatus() != null ? policy.getStatus().staleAfter() : null),
        guardrails.exemptions().isEmpty() ? null : guardrails.exemptions(),
        enforcement(guardrails),
        plan(guardrails),
        LedgerMemory.encode(notCompliant).value());
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
    return plan.isEmpty()
        ? new PlanStatus(null, null, null, null, guardrails.lastApplied().get())
        : new PlanStatus(
            plan.hash(),
            plan.writes(),
            plan.buckets(),
            guardrails.configMaps(),
            guardrails.lastApplied().orElse(null));
  }

  /** What a restarted operator remembers of the guard rails: the pause, resume and approval. */
  /**
   * The guard rails a restarted operator takes from status: the annotations it honoured, and, if
   * the status was written for the policy's current generation, its pause and whether the spec's
   * first sweep was complete (a pause of an older spec no longer holds).
   */
  public static PolicyGuardrails.Remembered rememberedGuardrails(BucketPolicy policy) {
    BucketPolicyStatus status = policy.getStatus();
    if (status == null) {
      return PolicyGuardrails.Remembered.NOTHING;
    }
    Optional<String> resumed =
        Optional.ofNullable(status.enforcement()).map(EnforcementStatus::resumedWith);
    Optional<String> applied = Optional.ofNullable(status.plan()).map(PlanStatus::lastApplied);
    if (status.observedGeneration() == null
        || !status.observedGeneration().equals(policy.getMetadata().getGeneration())) {
      return new PolicyGuardrails.Remembered(Optional.empty(), resumed, applied, false);
    }
    return new PolicyGuardrails.Remembered(
        rememberedPause(status),
        resumed,
        applied,
        status.lastCheckTime() != null
            && status.buckets() != null
            && Integer.valueOf(0).equals(status.buckets().notChecked()));
  }

  static Optional<PolicyGuardrails.Pause> rememberedPause(BucketPolicyStatus status) {
    if (status == null
        || status.enforcement() == null
        || !Boolean.TRUE.equals(status.enforcement().paused())) {
      return Optional.empty();
    }
    EnforcementStatus e = status.enforcement();
    try {
      return Optional.of(
          new PolicyGuardrails.Pause(
              PolicyGuardrails.PauseReason.valueOf(e.reason()),
              String.valueOf(e.message()),
              Instant.parse(e.since())));
    } catch (RuntimeException unreadable) {
      return Optional.empty();
    }
  }

  /** The ledger a restarted operator starts from: what the status remembers. */
  public static Map<String, Map<ControlName, LedgerEntry>> remembered(BucketPolicyStatus status) {
    if (status == null) {
      return Map.of();
    }
    Map<String, Map<ControlName, LedgerEntry>> entries = LedgerMemory.decode(status.memory());
    Map<String, Finding> texts = textsFrom(status);
    entries.forEach(
        (bucket, controls) ->
            controls.replaceAll(
                (control, entry) ->
                    Optional.ofNullable(texts.get(bucket + "/" + control.specName()))
                        .map(
                            f ->
                                new LedgerEntry(
                                    entry.control(),
                                    entry.state(),
                                    entry.reason(),
                                    nonNull(f.expected()),
                                    nonNull(f.observed()),
                                    nonNull(f.action()),
                                    entry.since(),
                                    entry.known()))
                        .orElse(entry)));
    return entries;
  }

  private static String nonNull(String value) {
    return value == null ? "" : value;
  }

  private static Map<String, Finding> textsFrom(BucketPolicyStatus status) {
    Map<String, Finding> texts = new HashMap<>();
    if (status != null && status.findings() != null) {
      status.findings().forEach(f -> texts.put(f.bucket() + "/" + f.control(), f));
    }
    return texts;
  }

  private Condition ready(
      BucketCounts counts,
      PolicyLedger.Counts ledger,
      boolean resolved,
      int unverified,
      Guardrails guardrails,
      BucketPolicy policy,
      long generation,
      List<Condition> previous) {
    if (!resolved && ledger.recorded() == 0 && !ledger.restored()) {
      return conditions.unknown(
          ConditionType.Ready, ConditionReason.NotChecked, "not checked yet", generation, previous);
    }
    if (counts.governed() == 0) {
      return conditions.build(
          ConditionType.Ready,
          false,
          ConditionReason.NoBucketsSelected,
          "no bucket matches spec.buckets: check the names, patterns and tags",
          generation,
          previous);
    }
    int notCompliant =
        counts.governed() - counts.compliant() - counts.notChecked() - counts.exempt();
    if (notCompliant == 0 && unverified > 0) {
      return conditions.unknown(
          ConditionType.Ready,
          ConditionReason.EvidenceStale,
          "all "
              + counts.governed()
              + " bucket(s) were compliant when last checked, but "
              + unverified
              + " of them were last checked more than "
              + EVIDENCE_INTERVALS
              + " resync intervals ago: see Synced",
          generation,
          previous);
    }
    if (notCompliant == 0) {
      return conditions.build(
          ConditionType.Ready,
          true,
          ConditionReason.AllCompliant,
          "all " + counts.governed() + " bucket(s) compliant",
          generation,
          previous);
    }
    if (counts.failed() == 0 && counts.conflicted() == 0 && counts.needsHuman() == 0) {
      if (guardrails.pause().isPresent()) {
        return conditions.build(
            ConditionType.Ready,
            false,
            ConditionReason.EnforcementPaused,
            guardrails.pause().get().message()
                + "; resume with: kubectl annotate bucketpolicy "
                + policy.getMetadata().getName()
                + " -n "
                + policy.getMetadata().getNamespace()
                + " --overwrite "
                + BucketPolicy.RESUME_ANNOTATION
                + "=\"$(date +%s)\"",
            generation,
            previous);
      }
      if (!guardrails.plan().isEmpty()) {
        Plan plan = guardrails.plan();
        return conditions.build(
            ConditionType.Ready,
            false,
            ConditionReason.AwaitingApproval,
            plan.writes()
                + " write(s) to "
                + plan.buckets()
                + " bucket(s) wait for approval (plan in ConfigMap "
                + String.join(", ", guardrails.configMaps())
                + "); approve with: kubectl annotate bucketpolicy "
                + policy.getMetadata().getName()
                + " -n "
                + policy.getMetadata().getNamespace()
                + " --overwrite "
                + BucketPolicy.APPROVE_PLAN_ANNOTATION
                + "="
                + plan.hash(),
            generation,
            previous);
      }
    }
    ConditionReason reason =
        counts.failed() > 0
            ? ConditionReason.ChecksFailed
            : counts.conflicted() > 0
                ? ConditionReason.Conflict
                : counts.needsHuman() > 0
                    ? ConditionReason.NeedsHuman
                    : ConditionReason.DriftDetected;
    return conditions.build(
        ConditionType.Ready, false, reason, summary(counts, notCompliant), generation, previous);
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
        counts.in(OutcomeState.EXEMPT));
  }

  private static BucketCounts lastCounts(BucketPolicy policy) {
    return policy.getStatus() != null ? policy.getStatus().buckets() : null;
  }

  private static String lastCheck(BucketPolicy policy) {
    return policy.getStatus() != null ? policy.getStatus().lastCheckTime() : null;
  }

  private static Optional<Instant> parse(String time) {
    try {
      return Optional.ofNullable(time).map(Instant::parse);
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String summary(BucketCounts counts, int notCompliant) {
    List<String> parts = new ArrayList<>();
    part(parts, counts.drifted(), "drifted (Audit)");
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
  static String staleAfter(Instant lastCheck, java.time.Duration interval) {
    return format(lastCheck.plus(interval.multipliedBy(3)));
  }

  private static java.time.Duration interval(BucketPolicy policy) {
    return io.s3posture.fleet.ResyncInterval.parse(
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
