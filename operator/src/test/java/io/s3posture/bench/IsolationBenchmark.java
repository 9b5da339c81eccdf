package io.s3posture.bench;

import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.localstack.LocalStack;
import io.s3posture.localstack.proxy.FaultProxy;
import io.s3posture.localstack.proxy.FaultRule;
import io.s3posture.operator.OperatorConfig;
import io.s3posture.operator.Timings;
import io.s3posture.testing.OperatorUnderTest;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestStack;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;

/**
 * {@code make bench-isolation}: does a healthy policy's check take longer when 50 policies whose
 * targets fail are present? The operator runs with its production settings and timeouts. A healthy
 * policy (50 buckets, 4 controls, selected by name pattern) is checked on request a few times
 * alone, then with 50 failing policies (missing buckets; a role STS refuses; an endpoint that
 * refuses connections; an endpoint that never answers in time: listings and bucket checks alike),
 * then alone again. The check latency is from the check-now request to the check's completion time
 * in status. Usage: IsolationBenchmark [runs] (default 9).
 */
public final class IsolationBenchmark {

  private static final int HEALTHY_BUCKETS = 50;
  private static final int FAILING_POLICIES = 50;

  private IsolationBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 9;
    try (TestStack stack =
            new TestStack(
                LocalStack.start(Path.of("target", "bench-isolation-stack").toAbsolutePath()));
        FaultProxy denyingSts = FaultProxy.start(stack.moto().endpoint());
        FaultProxy silent = FaultProxy.start(stack.moto().endpoint())) {
      denyingSts.addRule(FaultRule.accessDenied().onOperation("sts:AssumeRole"));
      // longer than an attempt (20 s): every call ends at the call timeout (60 s)
      silent.addRule(FaultRule.latency(Duration.ofSeconds(30)));
      String namespace = stack.createNamespace("isolation");
      String prefix = TestStack.uniqueBucketName("healthy");
      seed(stack, IntStream.range(0, HEALTHY_BUCKETS).mapToObj(i -> prefix + "-" + i).toList());
      String otherPrefix = TestStack.uniqueBucketName("other");
      List<String> others =
          IntStream.range(0, FAILING_POLICIES).mapToObj(i -> otherPrefix + "-" + i).toList();
      seed(stack, others);

      OperatorConfig config =
          OperatorConfig.fromEnvironment(
              Map.of(
                  "S3POSTURE_MANAGEMENT_PORT",
                  "0",
                  "S3POSTURE_WATCH_NAMESPACES",
                  namespace,
                  "S3POSTURE_ACCOUNT_POLICIES",
                  "false",
                  "S3POSTURE_DEFAULT_ENDPOINT",
                  stack.moto().endpoint().toString()));
      try (OperatorUnderTest operator =
          OperatorUnderTest.start(stack.kubernetes(), config, Timings.STANDARD)) {
        Policies policies = new Policies(stack.kubernetes(), operator);
        BucketPolicy healthy =
            policies.apply(
                Policies.manifest(
                    namespace,
                    "healthy",
                    """
                    resyncInterval: 1h
                    buckets:
                      selector: {namePatterns: ["%s-*"]}
                    enforcement: {maxBucketsChangedPerCheck: 1000} # the whole fleet in one check
                    controls:
                      versioning: {}
                      publicAccessBlock: {}
                      encryption: {algorithm: SSE-S3}
                      websiteDisabled: {}
                    """
                        .formatted(prefix)));
        healthy =
            policies.awaitStatus(
                healthy,
                p ->
                    p.getStatus().buckets() != null
                        && p.getStatus().buckets().compliant() == HEALTHY_BUCKETS);
        List<Long> alone = measure(policies, healthy, runs);

        List<BucketPolicy> failing =
            FailingPolicies.apply(policies, namespace, others, denyingSts, silent);
        System.out.printf(
            Locale.ROOT,
            "%d failing policies applied; waiting until each has failed at least once%n",
            failing.size());
        FailingPolicies.awaitFailedOnce(policies, failing);
        List<Long> withFailing = measure(policies, healthy, runs);
        failing.forEach(policies::delete);
        List<Long> aloneAgain = measure(policies, healthy, runs);

        report("healthy policy alone", alone);
        report("with " + FAILING_POLICIES + " failing policies", withFailing);
        report("alone again", aloneAgain);
        double baseline = (median(alone) + median(aloneAgain)) / 2.0;
        System.out.printf(
            Locale.ROOT,
            "ratio (median with failing / median alone, before and after): %.2f%n",
            median(withFailing) / baseline);
      }
    }
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

  private static void seed(TestStack stack, List<String> buckets) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    buckets.forEach(b -> pool.submit(() -> stack.s3().createBucket(r -> r.bucket(b))));
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.MINUTES);
  }
}
