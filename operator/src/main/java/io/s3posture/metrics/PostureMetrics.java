package io.s3posture.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.s3posture.control.BucketResult;
import io.s3posture.control.ControlOutcome;
import io.s3posture.control.OutcomeState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The operator's domain metrics (prefix s3posture_). Per-bucket series can be turned off for very
 * large fleets; then per-control series count buckets per state instead.
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

  private final MeterRegistry registry;
  private final boolean bucketLabel;
  private final Clock clock;
  private final MultiGauge controlState;
  private final MultiGauge policyBuckets;
  private final MultiGauge driftSince;
  private final MultiGauge accountState;
  private final Map<PolicyKey, List<MultiGauge.Row<?>>> accountRows = new ConcurrentHashMap<>();
  private final Map<PolicyKey, List<MultiGauge.Row<?>>> controlRows = new ConcurrentHashMap<>();
  private final Map<PolicyKey, List<MultiGauge.Row<?>>> policyRows = new ConcurrentHashMap<>();
  private final Map<PolicyKey, List<MultiGauge.Row<?>>> sinceRows = new ConcurrentHashMap<>();
  private final Map<PolicyKey, AtomicLong> lastCheck = new ConcurrentHashMap<>();
  private final Map<PolicyKey, AtomicLong> resyncSeconds = new ConcurrentHashMap<>();

  public PostureMetrics(MeterRegistry registry, boolean bucketLabel, Clock clock) {
    this.registry = registry;
    this.bucketLabel = bucketLabel;
    this.clock = clock;
    this.controlState =
        MultiGauge.builder(CONTROL_STATE)
            .description(
                "Buckets per policy, control and state (1 per bucket when the bucket label is on)")
            .register(registry);
    this.policyBuckets =
        MultiGauge.builder(POLICY_BUCKETS)
            .description("Buckets per policy by state (a bucket counts under its worst control)")
            .register(registry);
    this.driftSince =
        MultiGauge.builder(DRIFT_SINCE)
            .description("When a bucket control became not compliant (Unix time)")
            .baseUnit("seconds")
            .register(registry);
    this.accountState =
        MultiGauge.builder(ACCOUNT_CONTROL_STATE)
            .description("Account-level control state per AccountPolicy (1 for the current state)")
            .register(registry);
  }

  /** A completed check of an AccountPolicy. */
  public synchronized void accountChecked(
      PolicyKey policy,
      String account,
      ControlOutcome outcome,
      java.util.Optional<CheckTransition> transition,
      Duration resync,
      Instant started) {
    Tags base = Tags.of("namespace", policy.namespace(), "policy", policy.name());
    accountRows.put(
        policy,
        List.of(
            MultiGauge.Row.of(
                Tags.of("policy", policy.name(), "account", account)
                    .and("control", outcome.control().specName(), "state", label(outcome.state())),
                1)));
    accountState.register(flatten(accountRows), true);
    transition.ifPresent(t -> count(base, t, started));
    countFailure(base, outcome);
    checkCompleted(policy, resync);
  }

  /** A completed check of a policy. */
  public synchronized void checked(
      PolicyKey policy,
      List<BucketResult> results,
      List<CheckTransition> transitions,
      Map<String, Instant> sinceByBucketControl,
      Duration resync,
      Instant started) {
    Tags base = Tags.of("namespace", policy.namespace(), "policy", policy.name());
    controlRows.put(policy, controlStateRows(base, results));
    policyRows.put(policy, policyRows(base, results));
    sinceRows.put(policy, bucketLabel ? sinceRows(base, sinceByBucketControl) : List.of());
    publishRows();
    transitions.forEach(t -> count(base, t, started));
    results.forEach(result -> result.outcomes().forEach(outcome -> countFailure(base, outcome)));
    checkCompleted(policy, resync);
  }

  /**
   * Freshness gauges, then the completed-checks counter last: whoever waits for the counter sees
   * every other meter of this check already updated.
   */
  private void checkCompleted(PolicyKey policy, Duration resync) {
    gauge(
            lastCheck,
            LAST_CHECK,
            policy,
            "Last time the policy was checked successfully (Unix time)")
        .set(clock.instant().getEpochSecond());
    gauge(resyncSeconds, RESYNC_INTERVAL, policy, "The policy's resync interval in seconds")
        .set(resync.toSeconds());
    Counter.builder(POLICY_CHECKS)
        .description("Completed checks per policy")
        .tags(policyTags(policy))
        .register(registry)
        .increment();
  }

  /** A check that could not run at all. */
  public void checkFailed(PolicyKey policy, String reason) {
    Counter.builder(CHECK_FAILURES)
        .description("Checks of a whole policy that could not run, by reason")
        .tags("kind", policy.kind(), "namespace", policy.namespace(), "policy", policy.name())
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  public synchronized void forget(PolicyKey policy) {
    controlRows.remove(policy);
    policyRows.remove(policy);
    sinceRows.remove(policy);
    accountRows.remove(policy);
    publishRows();
    accountState.register(flatten(accountRows), true);
    removeGauge(lastCheck, LAST_CHECK, policy);
    removeGauge(resyncSeconds, RESYNC_INTERVAL, policy);
  }

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

  public Timer reconcileTimer(String kind) {
    return Timer.builder(RECONCILE_DURATION)
        .description("Duration of one check of a policy")
        .tag("kind", kind)
        .serviceLevelObjectives(RECONCILE_BUCKETS)
        .register(registry);
  }

  private List<MultiGauge.Row<?>> controlStateRows(Tags base, List<BucketResult> results) {
    Map<Tags, Integer> counts = new java.util.HashMap<>();
    for (BucketResult result : results) {
      for (ControlOutcome outcome : result.outcomes()) {
        Tags tags =
            base.and("control", outcome.control().specName(), "state", label(outcome.state()));
        if (bucketLabel) {
          tags = tags.and("bucket", result.bucket());
        }
        counts.merge(tags, 1, Integer::sum);
      }
    }
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    counts.forEach((tags, count) -> rows.add(MultiGauge.Row.of(tags, count)));
    return rows;
  }

  private static List<MultiGauge.Row<?>> policyRows(Tags base, List<BucketResult> results) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (OutcomeState state : OutcomeState.values()) {
      long count = results.stream().filter(r -> r.state() == state).count();
      rows.add(MultiGauge.Row.of(base.and("state", label(state)), count));
    }
    return rows;
  }

  private static List<MultiGauge.Row<?>> sinceRows(Tags base, Map<String, Instant> since) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    since.forEach(
        (bucketControl, instant) -> {
          int slash = bucketControl.lastIndexOf('/');
          Tags tags =
              base.and(
                  "bucket", bucketControl.substring(0, slash),
                  "control", bucketControl.substring(slash + 1));
          rows.add(MultiGauge.Row.of(tags, instant.getEpochSecond()));
        });
    return rows;
  }

  private void publishRows() {
    controlState.register(flatten(controlRows), true);
    policyBuckets.register(flatten(policyRows), true);
    driftSince.register(flatten(sinceRows), true);
  }

  private static List<MultiGauge.Row<?>> flatten(Map<PolicyKey, List<MultiGauge.Row<?>>> rows) {
    List<MultiGauge.Row<?>> all = new ArrayList<>();
    rows.values().forEach(all::addAll);
    return all;
  }

  /**
   * Counters of a transition. A drift episode (a control seen drifted after being compliant) counts
   * once as detected, whether it is corrected in the same check, later, or never; a correction
   * counts as corrected each time, with the time since the episode began.
   */
  private void count(Tags base, CheckTransition t, Instant started) {
    Tags tags = base.and("control", t.control());
    if (t.startsDriftEpisode()) {
      counter(DRIFT_DETECTED, "Drift episodes found: a compliant control seen drifted", tags);
    }
    if (t.to() == OutcomeState.CORRECTED) {
      counter(DRIFT_CORRECTED, "Drift corrected and verified", tags);
      Instant since = t.since().orElse(started);
      timeToCorrect(t.control())
          .record(Math.max(0, Duration.between(since, clock.instant()).toMillis()) / 1000.0);
    }
  }

  DistributionSummary timeToCorrect(String control) {
    return DistributionSummary.builder(TIME_TO_CORRECT)
        .description("Seconds from detecting drift to having corrected it")
        .baseUnit("seconds")
        .tag("control", control)
        .serviceLevelObjectives(TIME_TO_CORRECT_BUCKETS)
        .register(registry);
  }

  /** Every failed read or correction counts, not only the first of a run of failures. */
  private void countFailure(Tags base, ControlOutcome outcome) {
    if (outcome.state() == OutcomeState.FAILED) {
      counter(
          REMEDIATION_FAILURES,
          "Failed reads or corrections of a bucket control, by reason (each failed check)",
          base.and("control", outcome.control().specName(), "reason", outcome.reason()));
    }
  }

  private void counter(String name, String description, Tags tags) {
    Counter.builder(name).description(description).tags(tags).register(registry).increment();
  }

  private AtomicLong gauge(
      Map<PolicyKey, AtomicLong> values, String name, PolicyKey policy, String description) {
    return values.computeIfAbsent(
        policy,
        key -> {
          AtomicLong value = new AtomicLong();
          Gauge.builder(name, value, AtomicLong::get)
              .description(description)
              .baseUnit("seconds")
              .tags(policyTags(key))
              .register(registry);
          return value;
        });
  }

  private void removeGauge(Map<PolicyKey, AtomicLong> values, String name, PolicyKey policy) {
    if (values.remove(policy) != null) {
      Gauge gauge = registry.find(name).tags(policyTags(policy)).gauge();
      if (gauge != null) {
        registry.remove(gauge);
      }
    }
  }

  private static Tags policyTags(PolicyKey policy) {
    return Tags.of("kind", policy.kind(), "namespace", policy.namespace(), "policy", policy.name());
  }

  public static String label(OutcomeState state) {
    return state.name().toLowerCase(Locale.ROOT);
  }
}
