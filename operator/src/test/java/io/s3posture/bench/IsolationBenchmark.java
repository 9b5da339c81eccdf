package io.s3posture.bench;

import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.operator.OperatorConfig;
import io.s3posture.operator.Timings;
import io.s3posture.testing.OperatorUnderTest;
import io.s3posture.testing.Policies;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.awaitility.Awaitility;

/**
 * {@code make bench-isolation}: does a healthy policy's check take longer when 50 policies whose
 * targets fail are present? The operator runs with its production settings and timeouts. A healthy
 * policy (50 buckets, 4 controls, selected by name pattern) is checked on request a few times
 * alone, then with 50 failing policies (missing buckets; a role STS refuses; an endpoint that
 * refuses connections; an endpoint that never answers in time: listings and bucket checks alike),
 * then alone again, then with a slow policy of its own account, endpoint, region and credentials
 * (20 buckets whose every call takes 25 s). The check latency is from the check-now request to the
 * check's completion time in status. The cadence is the time between completed checks at
 * resyncInterval 30s, alone and with the slow policy ({@code CADENCE_SECONDS}, 150 by default).
 * Usage: IsolationBenchmark [runs] (default 9).
 */
public final class IsolationBenchmark {

  private IsolationBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 9;
    try (IsolationScene scene = IsolationScene.start("bench-isolation-stack")) {
      OperatorConfig config =
          OperatorConfig.fromEnvironment(
              withManagementPortZero(
                  BenchSettings.oneNamespace(scene.namespace, scene.shared.endpoint())));
      try (OperatorUnderTest operator =
          OperatorUnderTest.start(scene.stack.kubernetes(), config, Timings.STANDARD)) {
        Policies policies = new Policies(scene.stack.kubernetes(), operator);
        BucketPolicy healthy = policies.apply(scene.healthyManifest("1h"));
        healthy =
            policies.awaitStatus(
                healthy,
                p ->
                    p.getStatus().buckets() != null
                        && p.getStatus().buckets().compliant() == IsolationScene.HEALTHY_BUCKETS);
        List<Long> alone = measure(policies, healthy, runs);

        int eventsBefore = events(scene);
        long failingSince = System.nanoTime();
        List<BucketPolicy> failing = scene.applyFailing(policies);
        System.out.printf(
            Locale.ROOT,
            "%d failing policies applied; waiting until each has failed at least once%n",
            failing.size());
        FailingPolicies.awaitFailedOnce(policies, failing);
        List<Long> withFailing = measure(policies, healthy, runs);
        double failingMinutes = (System.nanoTime() - failingSince) / 60e9;
        int failingEvents = events(scene) - eventsBefore;
        failing.forEach(policies::delete);
        List<Long> aloneAgain = measure(policies, healthy, runs);

        Cadence cadenceAlone = cadence(policies, scene);

        BucketPolicy slow = policies.apply(scene.slowManifest());
        Awaitility.await()
            .atMost(Duration.ofMinutes(5))
            .until(() -> scene.shared.counts().of("GetBucketVersioning") > 0);
        System.out.printf(
            Locale.ROOT,
            "slow policy applied (%d buckets, %d s per call, same account, endpoint, region)%n",
            IsolationScene.SLOW_BUCKETS,
            IsolationScene.SLOW_CALL.toSeconds());
        policies.apply(scene.healthyManifest("1h"));
        List<Long> withSlow = measure(policies, healthy, runs);
        Cadence cadenceWithSlow = cadence(policies, scene);
        policies.apply(scene.healthyManifest("1h"));
        policies.delete(slow);

        report("healthy policy alone", alone);
        report("with " + FailingPolicies.COUNT + " failing policies", withFailing);
        report("alone again", aloneAgain);
        System.out.printf(
            Locale.ROOT,
            "events while %d policies failed: %d in %.1f min (%.0f a minute)%n",
            FailingPolicies.COUNT,
            failingEvents,
            failingMinutes,
            failingEvents / failingMinutes);
        report("with a slow policy of the same account", withSlow);
        double baseline = (median(alone) + median(aloneAgain)) / 2.0;
        System.out.printf(
            Locale.ROOT,
            "ratio (median with failing / median alone, before and after): %.2f%n",
            median(withFailing) / baseline);
        System.out.printf(
            Locale.ROOT,
            "ratio (median with the slow policy / median alone, before and after): %.2f%n",
            median(withSlow) / baseline);
        System.out.printf(
            Locale.ROOT,
            "cadence at resyncInterval 30s over %d s: alone %s; with the slow policy %s;"
                + " ratio of mean intervals %.2f%n",
            CADENCE.toSeconds(),
            cadenceAlone,
            cadenceWithSlow,
            cadenceWithSlow.meanIntervalSeconds() / cadenceAlone.meanIntervalSeconds());
      }
    }
  }

  private static final Duration CADENCE =
      Duration.ofSeconds(Long.parseLong(System.getenv().getOrDefault("CADENCE_SECONDS", "150")));

  /** Completed checks of the healthy policy in a window, and the mean time between them. */
  private record Cadence(int checks, double meanIntervalSeconds) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%d checks, one every %.1f s", checks, meanIntervalSeconds);
    }
  }

  /**
   * The healthy policy's cadence at resyncInterval 30s: the completion times of its checks, as
   * status shows them, during {@link #CADENCE}.
   */
  private static Cadence cadence(Policies policies, IsolationScene scene) throws Exception {
    BucketPolicy healthy = policies.apply(scene.healthyManifest("30s"));
    TreeSet<Instant> checks = new TreeSet<>();
    long end = System.nanoTime() + CADENCE.toNanos();
    while (System.nanoTime() < end) {
      String last = policies.get(healthy).getStatus().lastCheckTime();
      if (last != null) {
        checks.add(Instant.parse(last));
      }
      Thread.sleep(200); // sampling status, not waiting for a condition
    }
    double mean =
        checks.size() < 2
            ? Double.NaN
            : Duration.between(checks.first(), checks.last()).toMillis()
                / 1000.0
                / (checks.size() - 1);
    return new Cadence(checks.size(), mean);
  }

  /**
   * Check-now requests, one after the other; each latency in ms (request to check completed). The
   * first is a warm-up, not counted.
   */
  private static List<Long> measure(Policies policies, BucketPolicy policy, int runs) {
    List<Long> latencies = new ArrayList<>();
    for (int run = 0; run <= runs; run++) {
      String before = policies.get(policy).getStatus().lastCheckTime();
      long requested = System.currentTimeMillis();
      policies.requestCheck(policy);
      BucketPolicy checked =
          Awaitility.await()
              .atMost(Duration.ofMinutes(5))
              .pollInterval(Duration.ofMillis(50))
              .until(
                  () -> policies.get(policy), p -> !before.equals(p.getStatus().lastCheckTime()));
      latencies.add(Instant.parse(checked.getStatus().lastCheckTime()).toEpochMilli() - requested);
    }
    return latencies;
  }

  private static void report(String what, List<Long> latencies) {
    System.out.printf(
        Locale.ROOT, "%-40s median %5d ms   runs %s%n", what, median(latencies), latencies);
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  /** Events in the scene's namespace (each published event is one object). */
  private static int events(IsolationScene scene) {
    return scene
        .stack
        .kubernetes()
        .v1()
        .events()
        .inNamespace(scene.namespace)
        .list()
        .getItems()
        .size();
  }

  private static Map<String, String> withManagementPortZero(Map<String, String> settings) {
    Map<String, String> all = new HashMap<>(settings);
    all.put("S3POSTURE_MANAGEMENT_PORT", "0");
    return all;
  }
}
