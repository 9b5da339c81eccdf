package io.s3posture.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.s3posture.control.ControlName;
import io.s3posture.control.ControlOutcome;
import io.s3posture.control.OutcomeState;
import io.s3posture.fleet.LedgerEntry;
import io.s3posture.fleet.PolicyLedger;
import io.s3posture.fleet.Transition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The operator's domain metrics (prefix s3posture_), kept up to date one bucket check at a time:
 * nothing is re-registered per check. Counts per policy, control and state have no bucket label;
 * per-bucket series exist only for controls that are not compliant, so the series count grows with
 * drift, not with the fleet (and can be switched off).
 */
public final class PostureMetrics {

  public static final String CONTROL_STATE = "s3posture.bucket.control.state";
  public static final String POLICY_BUCKETS = "s3posture.policy.buckets";
  public static final String DRIFT_SINCE = "s3posture.bucket.drift.since.timestamp";
  public static final String DRIFT_DETECTED = "s3posture.drift.detected";
  public static final String DRIFT_CORRECTED = "s3posture.drift.corrected";
  public static final String REMEDIATION_FAILURES = "s3posture.remediation.failures";
  public static final String CHECK_FAILURES = "s3posture.check.failures";
  public static final String RECONCILE_DURATION = "s3posture.reconcile.duration";
  public static final String TIME_TO_CORRECT = "s3posture.drift.time.to.correct";
  public static final String LAST_CHECK = "s3posture.last.successful.check.timestamp";
  public static final String RESYNC_INTERVAL = "s3posture.resync.interval";
  public static final String ACCOUNT_CONTROL_STATE = "s3posture.account.control.state";
  public static final String POLICY_CHECKS = "s3posture.policy.checks";
  public static final String BUCKET_CHECKS = "s3posture.bucket.checks";
  public static final String EXEMPTIONS_EXPIRING = "s3posture.exemptions.expiring.soon";
  public static final String ENFORCEMENT_PAUSED = "s3posture.enforcement.paused";
  public static final String PLAN_WRITES = "s3posture.plan.pending.writes";
  public static final String SWEEP_PENDING = "s3posture.policy.check.pending.buckets";

  /** The states a bucket control can be in between checks (corrected is a moment, not a state). */
  private static final List<OutcomeState> CONTROL_STATES =
      List.of(
          OutcomeState.COMPLIANT,
          OutcomeState.EXEMPT,
          OutcomeState.DRIFTED,
          OutcomeState.NEEDS_HUMAN,
          OutcomeState.CONFLICT,
          OutcomeState.FAILED);

  /** Buckets of the check duration: 100 ms to 15 min (a few, for a small default scrape). */
  static final Duration[] RECONCILE_BUCKETS = {
    Duration.ofMillis(100),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(5),
    Duration.ofSeconds(15),
    Duration.ofMinutes(1),
    Duration.ofMinutes(5),
    Duration.ofMinutes(15)
  };

  /** Buckets of the time to correct drift, in seconds: 1 s to a day. */
  static final double[] TIME_TO_CORRECT_BUCKETS = {1, 10, 60, 300, 1800, 3600, 21600, 86400};

  /** The meters of one policy, removed together when it is deleted. */
  private static final class PolicyMeters {
    /** The counts as of the last check, read by the gauges through {@link #counts}. */
    final AtomicReference<PolicyLedger.Counts> counts = new AtomicReference<>();

    /** The counts the gauges read, as of one moment: taken at most once a second. */
    private PolicyLedger.Counts shown;

    private Instant shownAt = Instant.MIN;

    final Set<String> registered = ConcurrentHashMap.newKeySet();
    final Map<String, Meter> bucketSeries = new ConcurrentHashMap<>();
    final Map<String, String> bucketSeriesState = new ConcurrentHashMap<>();
    final Set<Meter> meters = ConcurrentHashMap.newKeySet();
    final AtomicLong lastCheck = new AtomicLong();
    final AtomicReference<PolicyLedger> ledger = new AtomicReference<>();
    final AtomicLong resync = new AtomicLong();
    final AtomicLong expiring = new AtomicLong();
    final AtomicLong paused = new AtomicLong();
    final AtomicLong planWrites = new AtomicLong();

    /**
     * The counts now: a bucket compliant when last checked more than two resync intervals ago is
     * unverified, not compliant, even while no check completes (an outage, a storm).
     */
    synchronized PolicyLedger.Counts counts(Instant now) {
      PolicyLedger known = ledger.get();
      long interval = resync.get();
      if (known == null || interval <= 0) {
        return counts.get();
      }
      if (shown == null || !now.isBefore(shownAt.plusSeconds(1))) {
        shown = known.counts(now.minusSeconds(interval * EVIDENCE_INTERVALS));
        shownAt = now;
      }
      return shown;
    }
  }

  /** Evidence older than this many resync intervals does not make a bucket compliant. */
  static final int EVIDENCE_INTERVALS = 2;

  /** The state label of buckets compliant when last checked, but too long ago. */
  public static final String UNVERIFIED = "unverified";

  private final MeterRegistry registry;
  private final boolean bucketLabel;
  private final Clock clock;
  private final Map<PolicyKey, PolicyMeters> policies = new ConcurrentHashMap<>();

  public PostureMetrics(MeterRegistry registry, boolean bucketLabel, Clock clock) {
    this.registry = registry;
    this.bucketLabel = bucketLabel;
    this.clock = clock;
  }

  /** A policy's interval, so freshness can be judged: time() - last check > 2 x interval. */
  public void interval(PolicyKey policy, Duration interval) {
    PolicyMeters meters = meters(policy);
    if (meters.registered.add(RESYNC_INTERVAL)) {
      meters.meters.add(
          Gauge.builder(RESYNC_INTERVAL, meters.resync, AtomicLong::get)
              .description("The policy's resync interval in seconds")
              .baseUnit("seconds")
              .tags(policyTags(policy))
              .register(registry));
    }
    meters.resync.set(interval.toSeconds());
  }

  /**
   * The guard rails of a policy: exemptions that end within a week, a paused enforcement, the
   * writes that wait for approval.
   */
  public void guardrails(PolicyKey policy, int expiringSoon, boolean paused, int planWrites) {
    PolicyMeters meters = meters(policy);
    if (meters.registered.add(EXEMPTIONS_EXPIRING)) {
      Tags tags = policyTags(policy);
      meters.meters.add(
          Gauge.builder(EXEMPTIONS_EXPIRING, meters.expiring, AtomicLong::get)
              .description("Active exemptions of the policy that end within 7 days")
              .tags(tags)
              .register(registry));
      meters.meters.add(
          Gauge.builder(ENFORCEMENT_PAUSED, meters.paused, AtomicLong::get)
              .description("1 while a guard rail has paused the policy's writes")
              .tags(tags)
              .register(registry));
      meters.meters.add(
          Gauge.builder(PLAN_WRITES, meters.planWrites, AtomicLong::get)
              .description("Writes of the policy's plan that wait for approval")
              .tags(tags)
              .register(registry));
    }
    meters.expiring.set(expiringSoon);
    meters.paused.set(paused ? 1 : 0);
    meters.planWrites.set(planWrites);
  }

  /** A bucket of {@code policy} was checked: counts, per-bucket series, counters. */
  public void bucketChecked(
      PolicyKey policy,
      String bucket,
      Collection<ControlName> controls,
      List<ControlOutcome> outcomes,
      List<Transition> transitions,
      PolicyLedger ledger,
      Map<ControlName, LedgerEntry> notCompliant) {
    PolicyMeters meters = meters(policy);
    meters.counts.set(ledger.counts());
    meters.ledger.set(ledger);
    Tags base = Tags.of("namespace", policy.namespace(), "policy", policy.name());
    registerCounts(policy, meters, base, controls);
    if (bucketLabel) {
      for (ControlOutcome outcome : outcomes) {
        bucketSeries(meters, base, bucket, outcome.control(), notCompliant.get(outcome.control()));
      }
    }
    transitions.forEach(t -> count(meters, base, t));
    for (ControlOutcome outcome : outcomes) {
      if (outcome.state() == OutcomeState.FAILED) {
        counter(
            meters,
            REMEDIATION_FAILURES,
            "Failed reads or corrections of a bucket control, by reason (each failed check)",
            base.and("control", outcome.control().specName(), "reason", outcome.reasonLabel()));
      }
    }
  }

  /**
   * A check of every governed bucket of {@code policy} started: how many are still to be checked
   * shows until it completes (a long check is visible as it runs).
   */
  public void sweepStarted(PolicyKey policy, PolicyLedger ledger) {
    PolicyMeters meters = meters(policy);
    meters.ledger.set(ledger);
    if (meters.registered.add(SWEEP_PENDING)) {
      meters.meters.add(
          Gauge.builder(SWEEP_PENDING, meters.ledger, PostureMetrics::pending)
              .description("Buckets of the policy's check under way not checked yet (0: none)")
              .tags(policyTags(policy))
              .register(registry));
    }
  }

  private static double pending(AtomicReference<PolicyLedger> ledger) {
    PolicyLedger known = ledger.get();
    return known == null ? 0 : known.sweep().map(PolicyLedger.Sweep::pending).orElse(0);
  }

  /**
   * Every governed bucket of {@code policy} was checked: freshness, then the completed-checks
   * counter last, so whoever waits for the counter sees every other meter already updated.
   */
  public void sweepCompleted(PolicyKey policy, PolicyLedger ledger) {
    PolicyMeters meters = meters(policy);
    meters.counts.set(ledger.counts());
    if (meters.registered.add(LAST_CHECK)) {
      meters.meters.add(
          Gauge.builder(LAST_CHECK, meters.lastCheck, AtomicLong::get)
              .description("Last time every bucket of the policy was checked (Unix time)")
              .baseUnit("seconds")
              .tags(policyTags(policy))
              .register(registry));
    }
    meters.lastCheck.set(clock.instant().getEpochSecond());
    Counter counter =
        Counter.builder(POLICY_CHECKS)
            .description("Completed checks per policy (every governed bucket checked)")
            .tags(policyTags(policy))
            .register(registry);
    if (meters.registered.add(POLICY_CHECKS)) {
      meters.meters.add(counter);
    }
    counter.increment();
  }

  /** The account-level state of an AccountPolicy (1 for its current state). */
  public void accountChecked(
      PolicyKey policy, String account, ControlOutcome outcome, List<Transition> transitions) {
    PolicyMeters meters = meters(policy);
    Tags tags =
        Tags.of(
            "policy", policy.name(), "account", account, "control", outcome.control().specName());
    String key = ACCOUNT_CONTROL_STATE + "/" + account + "/" + outcome.control().specName();
    Meter old = meters.bucketSeries.remove(key);
    if (old != null) {
      registry.remove(old);
      meters.meters.remove(old);
    }
    Meter state =
        Gauge.builder(ACCOUNT_CONTROL_STATE, () -> 1)
            .description("Account-level control state per AccountPolicy (1 for the current state)")
            .tags(tags.and("state", outcome.state().label()))
            .register(registry);
    meters.bucketSeries.put(key, state);
    meters.meters.add(state);
    Tags base = Tags.of("namespace", policy.namespace(), "policy", policy.name());
    transitions.forEach(t -> count(meters, base, t));
    if (outcome.state() == OutcomeState.FAILED) {
      counter(
          meters,
          REMEDIATION_FAILURES,
          "Failed reads or corrections of a bucket control, by reason (each failed check)",
          base.and("control", outcome.control().specName(), "reason", outcome.reasonLabel()));
    }
  }

  /**
   * A bucket check ran (once per bucket, for every policy governing it), by what triggered it:
   * {@code sweep}, {@code check_now}, {@code retry}, {@code change_event}.
   */
  public void bucketCheckRan(String trigger) {
    Counter.builder(BUCKET_CHECKS)
        .description("Bucket checks run (each for every policy governing the bucket), by trigger")
        .tags(Tags.of("trigger", trigger))
        .register(registry)
        .increment();
  }

  /** A check that could not run at all. */
  public void checkFailed(PolicyKey policy, String reason) {
    counter(
        meters(policy),
        CHECK_FAILURES,
        "Checks of a whole policy that could not run, by reason",
        policyTags(policy).and("reason", reason));
  }

  /** Removes every series of a deleted policy. */
  /**
   * Drops the account-level series of the policy's accounts not in {@code accounts}: members that
   * left an organization, or were excluded.
   */
  public void retainAccounts(PolicyKey policy, Set<String> accounts) {
    PolicyMeters meters = policies.get(policy);
    if (meters == null) {
      return;
    }
    String prefix = ACCOUNT_CONTROL_STATE + "/";
    for (String key : List.copyOf(meters.bucketSeries.keySet())) {
      if (key.startsWith(prefix)) {
        String account = key.substring(prefix.length(), key.indexOf('/', prefix.length()));
        if (!accounts.contains(account)) {
          Meter old = meters.bucketSeries.remove(key);
          if (old != null) {
            registry.remove(old);
            meters.meters.remove(old);
          }
        }
      }
    }
  }

  public void forget(PolicyKey policy) {
    PolicyMeters meters = policies.remove(policy);
    if (meters != null) {
      meters.meters.forEach(registry::remove);
    }
  }

  public Timer reconcileTimer(String kind) {
    return Timer.builder(RECONCILE_DURATION)
        .description("Duration of one reconciliation of a policy (its buckets are checked apart)")
        .tag("kind", kind)
        .serviceLevelObjectives(RECONCILE_BUCKETS)
        .register(registry);
  }

  DistributionSummary timeToCorrect(String control) {
    return DistributionSummary.builder(TIME_TO_CORRECT)
        .description("Seconds from detecting drift to having corrected it")
        .baseUnit("seconds")
        .tag("control", control)
        .serviceLevelObjectives(TIME_TO_CORRECT_BUCKETS)
        .register(registry);
  }

  private PolicyMeters meters(PolicyKey policy) {
    return policies.computeIfAbsent(policy, p -> new PolicyMeters());
  }

  /** One gauge per control and state, and per bucket state, reading the latest counts. */
  private void registerCounts(
      PolicyKey policy, PolicyMeters meters, Tags base, Collection<ControlName> controls) {
    for (ControlName control : controls) {
      for (OutcomeState state : CONTROL_STATES) {
        if (meters.registered.add(CONTROL_STATE + "/" + control + "/" + state)) {
          meters.meters.add(
              Gauge.builder(
                      CONTROL_STATE,
                      meters,
                      m -> controlCount(m.counts(clock.instant()), control, state))
                  .description("Buckets per policy, control and state")
                  .tags(base.and("control", control.specName(), "state", state.label()))
                  .register(registry));
        }
      }
    }
    for (OutcomeState state : OutcomeState.values()) {
      if (meters.registered.add(POLICY_BUCKETS + "/" + state)) {
        meters.meters.add(
            Gauge.builder(
                    POLICY_BUCKETS, meters, m -> bucketCount(m.counts(clock.instant()), state))
                .description(
                    "Buckets per policy by state (a bucket counts under its worst control)")
                .tags(base.and("state", state.label()))
                .register(registry));
      }
    }
    if (meters.registered.add(POLICY_BUCKETS + "/" + UNVERIFIED)) {
      meters.meters.add(
          Gauge.builder(POLICY_BUCKETS, meters, m -> unverified(m.counts(clock.instant())))
              .description("Buckets per policy by state (a bucket counts under its worst control)")
              .tags(base.and("state", UNVERIFIED))
              .register(registry));
    }
  }

  private static double unverified(PolicyLedger.Counts counts) {
    return counts == null ? 0 : counts.unverified();
  }

  private static double controlCount(
      PolicyLedger.Counts counts, ControlName control, OutcomeState state) {
    if (counts == null) {
      return 0;
    }
    Map<OutcomeState, Integer> notCompliant = counts.notCompliant().getOrDefault(control, Map.of());
    if (state == OutcomeState.COMPLIANT) {
      int bad = notCompliant.values().stream().mapToInt(Integer::intValue).sum();
      return counts.recorded()
          + (counts.restored() ? counts.governed() - counts.recorded() : 0)
          - bad
          - counts.unverified();
    }
    return notCompliant.getOrDefault(state, 0);
  }

  private static double bucketCount(PolicyLedger.Counts counts, OutcomeState state) {
    if (counts == null) {
      return 0;
    }
    return state == OutcomeState.COMPLIANT
        ? counts.compliant() - counts.in(OutcomeState.CORRECTED)
        : counts.in(state);
  }

  /** The since series of a bucket control: present while it is not compliant. */
  private void bucketSeries(
      PolicyMeters meters, Tags base, String bucket, ControlName control, LedgerEntry entry) {
    String key = bucket + "/" + control.specName();
    Meter old = meters.bucketSeries.get(key);
    String wanted = entry == null ? null : entry.state().label() + "@" + entry.since();
    if (old != null && Objects.equals(meters.bucketSeriesState.get(key), wanted)) {
      return;
    }
    if (old != null) {
      registry.remove(old);
      meters.meters.remove(old);
      meters.bucketSeries.remove(key);
      meters.bucketSeriesState.remove(key);
    }
    if (entry != null) {
      long since = entry.since().getEpochSecond();
      Meter gauge =
          Gauge.builder(DRIFT_SINCE, () -> since)
              .description("Since when a bucket control has not been compliant (Unix time)")
              .baseUnit("seconds")
              .tags(
                  base.and(
                      "bucket",
                      bucket,
                      "control",
                      control.specName(),
                      "state",
                      entry.state().label()))
              .register(registry);
      meters.bucketSeries.put(key, gauge);
      meters.bucketSeriesState.put(key, wanted);
      meters.meters.add(gauge);
    }
  }

  /**
   * Counters of a transition. A drift episode counts once as detected, whether it is corrected in
   * the same check, later, or never; a correction counts as corrected each time, with the time
   * since the episode began.
   */
  private void count(PolicyMeters meters, Tags base, Transition t) {
    Tags tags = base.and("control", t.outcome().control().specName());
    if (t.startsDriftEpisode()) {
      counter(
          meters, DRIFT_DETECTED, "Drift episodes found: a compliant control seen drifted", tags);
    }
    if (t.outcome().state() == OutcomeState.CORRECTED) {
      counter(meters, DRIFT_CORRECTED, "Drift corrected and verified", tags);
      Instant since = t.episodeSince().orElse(clock.instant());
      timeToCorrect(t.outcome().control().specName())
          .record(Math.max(0, Duration.between(since, clock.instant()).toMillis()) / 1000.0);
    }
  }

  /** Increments a counter of the policy's, removed with its other series when it is deleted. */
  private void counter(PolicyMeters meters, String name, String description, Tags tags) {
    Counter counter = Counter.builder(name).description(description).tags(tags).register(registry);
    meters.meters.add(counter);
    counter.increment();
  }

  private static Tags policyTags(PolicyKey policy) {
    return Tags.of("kind", policy.kind(), "namespace", policy.namespace(), "policy", policy.name());
  }

  /** The series this class exports now (for tests of the series count). */
  public int series() {
    List<Meter> all = new ArrayList<>();
    policies.values().forEach(m -> all.addAll(m.meters));
    return all.size();
  }
}
