package io.s3posture.reconciler;

import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.api.v1alpha1.EnforcementSpec;
import io.s3posture.api.v1alpha1.Exemption;
import io.s3posture.control.ControlName;
import io.s3posture.control.OutcomeState;
import io.s3posture.events.EventPublisher;
import io.s3posture.events.EventReason;
import io.s3posture.events.PostureEvent;
import io.s3posture.fleet.AccountBudgets;
import io.s3posture.fleet.BucketKey;
import io.s3posture.fleet.ExemptionRules;
import io.s3posture.fleet.GovernedBuckets;
import io.s3posture.fleet.LedgerEntry;
import io.s3posture.fleet.Plan;
import io.s3posture.fleet.PolicyGuardrails;
import io.s3posture.fleet.PolicyLedger;
import io.s3posture.fleet.SubjectWorkQueue;
import io.s3posture.fleet.Trigger;
import io.s3posture.metrics.PostureMetrics;
import io.s3posture.status.BucketPolicyMemory;
import io.s3posture.status.BucketPolicyStatusFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The guard rails of a BucketPolicy at each reconcile: settings from spec.enforcement, the resume
 * and approve-plan annotations, exemptions that expired, pauses tripped by bucket checks, the plan
 * and its ConfigMaps, their events and metrics. Says whether a sweep is needed now and when to look
 * again.
 */
public final class GuardrailsStep {

  /** What the reconciler does with it. */
  record Result(
      boolean sweepNow, BucketPolicyStatusFactory.Guardrails status, Optional<Instant> wakeUp) {}

  private static final Duration EXPIRING_SOON = Duration.ofDays(7);

  private final SubjectWorkQueue queue;
  private final EventPublisher events;
  private final PostureMetrics metrics;
  private final PlanStore plans;
  private final Clock clock;
  private final Map<String, Instant> expiriesSeen = new ConcurrentHashMap<>();
  private final Map<String, Optional<PolicyGuardrails.Pause>> pausesSeen =
      new ConcurrentHashMap<>();
  private final Map<String, String> plansAnnounced = new ConcurrentHashMap<>();
  private final Map<String, String> approvalsRejected = new ConcurrentHashMap<>();

  public GuardrailsStep(
      SubjectWorkQueue queue,
      EventPublisher events,
      PostureMetrics metrics,
      PlanStore plans,
      Clock clock) {
    this.queue = Objects.requireNonNull(queue);
    this.events = Objects.requireNonNull(events);
    this.metrics = Objects.requireNonNull(metrics);
    this.plans = Objects.requireNonNull(plans);
    this.clock = Objects.requireNonNull(clock);
  }

  static PolicyGuardrails.Settings settings(EnforcementSpec spec) {
    PolicyGuardrails.Settings defaults = PolicyGuardrails.Settings.DEFAULT;
    if (spec == null) {
      return defaults;
    }
    return new PolicyGuardrails.Settings(
        spec.maxBucketsChangedPerCheck() != null
            ? spec.maxBucketsChangedPerCheck()
            : defaults.maxChanged(),
        spec.maxWriteFailuresPerCheck() != null
            ? spec.maxWriteFailuresPerCheck()
            : defaults.maxFailures(),
        spec.approval() == EnforcementSpec.Approval.Manual);
  }

  Result apply(
      BucketPolicy policy,
      GovernedBuckets governed,
      PolicyLedger ledger,
      PolicyGuardrails guardrails,
      Optional<Integer> toCheck) {
    String uid = governed.ref().uid();
    Instant now = clock.instant();
    guardrails.update(
        settings(policy.getSpec().enforcement()), policy.getMetadata().getGeneration());
    guardrails.restore(BucketPolicyMemory.guardrails(policy));
    boolean sweepNow = false;
    if (guardrails.resumeWith(annotation(policy, BucketPolicy.RESUME_ANNOTATION))) {
      events.publish(
          policy,
          List.of(
              new PostureEvent(
                  EventReason.EnforcementResumed,
                  "writing resumed by the " + BucketPolicy.RESUME_ANNOTATION + " annotation")));
      sweepNow = true;
    }
    sweepNow |= announceExpiries(policy, governed.exemptions(), uid, now);
    announcePause(policy, uid, guardrails.pause());
    Plan plan = guardrails.plan();
    boolean complete = toCheck.isEmpty();
    if (guardrails.settings().manual() && complete) {
      // an approval given while a sweep recomputes the plan waits for it: it applies if the
      // complete plan is still the one approved, and is refused otherwise
      handleApproval(policy, governed, guardrails, uid);
      plan = guardrails.plan();
    }
    List<String> maps =
        !complete
            ? List.of()
            : guardrails.settings().manual() || !plan.isEmpty()
                ? plans.keep(policy, plan)
                : List.of();
    if (complete) {
      announcePlan(policy, uid, plan);
    }
    metrics.guardrails(
        FleetReporter.key(governed),
        governed.exemptions().expiringWithin(EXPIRING_SOON),
        guardrails.pause().isPresent(),
        plan.writes());
    Map<String, Map<ControlName, LedgerEntry>> entries = ledger.notCompliant();
    BucketPolicyStatusFactory.Guardrails status =
        new BucketPolicyStatusFactory.Guardrails(
            guardrails.pause(),
            guardrails.lastResume(),
            plan,
            toCheck,
            guardrails.lastApplied(),
            maps,
            governed.exemptions().statuses(exemption -> exempted(exemption, entries)));
    return new Result(sweepNow, status, governed.exemptions().nextExpiry());
  }

  void forget(String uid) {
    expiriesSeen.remove(uid);
    pausesSeen.remove(uid);
    plansAnnounced.remove(uid);
    approvalsRejected.remove(uid);
    plans.forget(uid);
  }

  private boolean announceExpiries(
      BucketPolicy policy, ExemptionRules exemptions, String uid, Instant now) {
    Instant since = expiriesSeen.put(uid, now);
    if (since == null) {
      return false;
    }
    List<Exemption> expired = exemptions.expiredSince(since);
    for (Exemption e : expired) {
      events.publish(
          policy,
          List.of(
              new PostureEvent(
                  EventReason.ExemptionExpired,
                  "exemption of "
                      + e.owner()
                      + " for "
                      + String.join(", ", e.controls())
                      + " on "
                      + String.join(", ", e.buckets())
                      + " expired at "
                      + e.expires()
                      + ": enforced again")));
    }
    return !expired.isEmpty();
  }

  private void announcePause(
      BucketPolicy policy, String uid, Optional<PolicyGuardrails.Pause> pause) {
    Optional<PolicyGuardrails.Pause> before = pausesSeen.put(uid, pause);
    if (pause.isPresent() && (before == null || !pause.equals(before))) {
      events.publish(
          policy,
          List.of(
              new PostureEvent(
                  EventReason.EnforcementPaused,
                  pause.get().reason() + ": " + pause.get().message())));
    }
  }

  private void handleApproval(
      BucketPolicy policy, GovernedBuckets governed, PolicyGuardrails guardrails, String uid) {
    String approval = annotation(policy, BucketPolicy.APPROVE_PLAN_ANNOTATION);
    if (approval == null
        || approval.equals(guardrails.lastApplied().orElse(null))
        || approval.equals(approvalsRejected.get(uid))) {
      return;
    }
    Plan plan = guardrails.plan();
    Optional<Set<String>> buckets = guardrails.approve(approval);
    if (buckets.isEmpty()) {
      approvalsRejected.put(uid, approval);
      events.publish(
          policy,
          List.of(
              new PostureEvent(
                  EventReason.PlanApprovalRejected,
                  "approval "
                      + approval
                      + " does not match the current plan "
                      + (plan.isEmpty() ? "(none)" : plan.hash())
                      + ": nothing applied")));
      return;
    }
    events.publish(
        policy,
        List.of(
            new PostureEvent(
                EventReason.PlanApproved,
                "applying plan "
                    + approval
                    + ": "
                    + plan.writes()
                    + " write(s) to "
                    + plan.buckets()
                    + " bucket(s); a write that no longer matches is planned anew")));
    String account = AccountBudgets.keyOf(governed.target());
    for (String bucket : buckets.get()) {
      queue.submit(
          new SubjectWorkQueue.Request(
              new BucketKey(governed.endpoint(), bucket),
              uid,
              true,
              Optional.empty(),
              Trigger.CHECK_NOW,
              account));
    }
  }

  private void announcePlan(BucketPolicy policy, String uid, Plan plan) {
    String before = plansAnnounced.put(uid, plan.hash());
    if (!plan.isEmpty() && !plan.hash().equals(before)) {
      events.publish(
          policy,
          List.of(
              new PostureEvent(
                  EventReason.PlanReady,
                  plan.writes()
                      + " write(s) to "
                      + plan.buckets()
                      + " bucket(s) wait for approval: plan "
                      + plan.hash())));
    }
  }

  private static int exempted(
      Exemption exemption, Map<String, Map<ControlName, LedgerEntry>> entries) {
    int count = 0;
    for (Map.Entry<String, Map<ControlName, LedgerEntry>> bucket : entries.entrySet()) {
      if (!ExemptionRules.matches(exemption, bucket.getKey())) {
        continue;
      }
      for (LedgerEntry entry : bucket.getValue().values()) {
        if (entry.state() == OutcomeState.EXEMPT
            && exemption.controls().contains(entry.control().specName())) {
          count++;
        }
      }
    }
    return count;
  }

  private static String annotation(BucketPolicy policy, String name) {
    Map<String, String> annotations = policy.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(name);
  }
}
