package io.s3posture.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.s3posture.control.ControlName;
import io.s3posture.control.ControlOutcome;
import io.s3posture.control.Drift;
import io.s3posture.control.FieldDrift;
import io.s3posture.control.OutcomeReason;
import io.s3posture.control.OutcomeState;
import io.s3posture.control.PolicyRef;
import io.s3posture.fleet.PolicyLedger;
import io.s3posture.fleet.Trigger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The domain metrics' series count grows with drift, not with the fleet: a compliant bucket adds no
 * series, a control that is not compliant adds one (its drift-since gauge) until it is compliant
 * again. Counted as {@link PostureMetrics#series()} and in the Prometheus text a scrape returns.
 */
class SeriesGrowWithDriftTest {

  private static final List<ControlName> CONTROLS =
      List.of(
              "publicAccessBlock",
              "encryption",
              "versioning",
              "objectLock",
              "replication",
              "tlsOnly",
              "aclsDisabled",
              "noPublicAcl",
              "noPublicPolicy",
              "websiteDisabled",
              "accessLogging")
          .stream()
          .map(ControlName::of)
          .toList();
  private static final ControlName VERSIONING = ControlName.of("versioning");

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final PostureMetrics metrics = new PostureMetrics(registry, true, Clock.systemUTC());

  @Test
  void aCompliantFleetOfAnySizeHasTheSameSeries() {
    Fleet small = sweep("small", 100, i -> false);
    int series = metrics.series();
    int lines = s3postureSamples();

    sweep("small", 10_000, i -> false);

    assertThat(metrics.series()).isEqualTo(series).isEqualTo(small.seriesPerPolicy());
    assertThat(s3postureSamples()).isEqualTo(lines);
  }

  @Test
  void eachControlThatIsNotCompliantAddsOneSeriesUntilItIsCompliantAgain() {
    sweep("fleet", 10_000, i -> false);
    int compliant = metrics.series();
    int compliantSamples = s3postureSamples();

    sweep("fleet", 10_000, i -> i % 100 == 0); // 100 buckets with versioning drifted

    // a drift-since gauge per drifted bucket control, and the policy's counter of drift episodes
    // for the control (bounded: one per control, it stays)
    assertThat(metrics.series()).isEqualTo(compliant + 100 + 1);
    assertThat(driftSinceSamples()).hasSize(100);
    assertThat(s3postureSamples()).isEqualTo(compliantSamples + 100 + 1);

    sweep("fleet", 10_000, i -> false);

    assertThat(metrics.series()).isEqualTo(compliant + 1);
    assertThat(driftSinceSamples()).isEmpty();
    assertThat(s3postureSamples()).isEqualTo(compliantSamples + 1);
  }

  @Test
  void aDeletedPolicyLeavesNoSeriesCountersIncluded() {
    sweep("kept", 100, i -> false);
    int kept = s3postureSamples();
    sweep("deleted", 1_000, i -> i % 10 == 0);
    metrics.checkFailed(new PolicyKey("BucketPolicy", "ns", "deleted"), "AccessDenied");
    assertThat(scrape()).anyMatch(line -> line.contains("policy=\"deleted\""));

    metrics.forget(new PolicyKey("BucketPolicy", "ns", "deleted"));

    assertThat(scrape()).noneMatch(line -> line.contains("policy=\"deleted\""));
    assertThat(s3postureSamples()).isEqualTo(kept);
  }

  @Test
  void aHundredPoliciesCostSeriesPerPolicyNotPerBucket() {
    Fleet one = sweep("policy-0", 100, i -> false);
    for (int policy = 1; policy < 100; policy++) {
      sweep("policy-" + policy, 100, i -> false);
    }

    assertThat(metrics.series()).isEqualTo(100 * one.seriesPerPolicy());
    assertThat(one.seriesPerPolicy())
        .as(
            "per policy: 11 controls x 6 states, 7 bucket states and unverified, interval, last"
                + " check, checks")
        .isEqualTo(11 * 6 + 8 + 3);
  }

  /** A policy governing {@code buckets} buckets, all checked once, {@code drifted} with drift. */
  private Fleet sweep(String name, int buckets, IntPredicate drifted) {
    PolicyKey key = new PolicyKey("BucketPolicy", "ns", name);
    PolicyLedger ledger = ledgers.computeIfAbsent(name, n -> newLedger(n));
    List<String> names = IntStream.range(0, buckets).mapToObj(i -> "bucket-" + i).toList();
    Instant now = Instant.now();
    ledger.startSweep(names, Set.copyOf(CONTROLS), now);
    metrics.interval(key, Duration.ofMinutes(10));
    for (int i = 0; i < buckets; i++) {
      List<ControlOutcome> outcomes = outcomes(drifted.test(i));
      PolicyLedger.Recorded recorded = ledger.record(names.get(i), outcomes, Trigger.SWEEP, now);
      metrics.bucketChecked(
          key,
          names.get(i),
          CONTROLS,
          outcomes,
          recorded.transitions(),
          ledger,
          recorded.notCompliant());
      if (recorded.sweepCompleted()) {
        metrics.sweepCompleted(key, ledger);
      }
    }
    return new Fleet(metrics.series());
  }

  private final Map<String, PolicyLedger> ledgers = new HashMap<>();

  private static PolicyLedger newLedger(String name) {
    return new PolicyLedger(new PolicyRef("BucketPolicy", "ns", name, "uid-" + name), Map.of());
  }

  private static List<ControlOutcome> outcomes(boolean versioningDrifted) {
    return CONTROLS.stream()
        .map(
            control ->
                versioningDrifted && control.equals(VERSIONING)
                    ? new ControlOutcome(
                        control,
                        OutcomeState.DRIFTED,
                        Drift.of(FieldDrift.put("status", "Enabled", "Suspended")),
                        OutcomeReason.AuditMode,
                        Optional.empty(),
                        "versioning drifted",
                        false)
                    : ControlOutcome.compliant(control))
        .toList();
  }

  /** Samples of the operator's own metrics in a scrape (comment lines excluded). */
  private int s3postureSamples() {
    return (int) scrape().stream().filter(line -> line.startsWith("s3posture_")).count();
  }

  private Set<String> driftSinceSamples() {
    return scrape().stream()
        .filter(line -> line.startsWith("s3posture_bucket_drift_since_timestamp_seconds{"))
        .collect(Collectors.toSet());
  }

  private List<String> scrape() {
    return registry.scrape().lines().toList();
  }

  private record Fleet(int seriesPerPolicy) {}
}
