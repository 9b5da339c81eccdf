package io.s3posture.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.api.v1alpha1.Finding;
import io.s3posture.aws.AwsClientFactory;
import io.s3posture.aws.AwsTarget;
import io.s3posture.metrics.AwsCallMetrics;
import io.s3posture.operator.OperatorConfig;
import io.s3posture.operator.Timings;
import io.s3posture.testing.OperatorUnderTest;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestStack;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * {@code make bench-faults}: the fault matrix. The operator (production settings: 5 attempts per
 * call, 20 s / 60 s timeouts, retries after 10 s, 20 s, 40 s, ...) checks a fleet of drifted
 * buckets through the fault proxy that {@code hack/bench-faults.sh} started; per fault: what status
 * says, AWS attempts per call, requests per second during the fault, and how long after the fault
 * ends every bucket is compliant. Reads KUBECONFIG, S3POSTURE_MOTO_ENDPOINT, FAULT_PROXY_ENDPOINT,
 * FAULT_PROXY_CONTROL, FAULTS_SECONDS (each fault's duration, default 60), FAULTS_BUCKETS (default
 * 20) and FAULTS_ONLY (the faults whose name starts with it, e.g. "503 SlowDown, 100").
 */
public final class FaultBenchmark {

  /** One row of the matrix: a fault on every request of the fleet's buckets that it selects. */
  private record Scenario(String name, String rule, boolean convergesDuring, boolean needsCheck) {}

  private static final List<Scenario> SCENARIOS =
      List.of(
          new Scenario("503 SlowDown, 100 %", "{\"fault\":\"SLOW_DOWN\"}", false, false),
          new Scenario(
              "503 SlowDown, 30 %", "{\"fault\":\"SLOW_DOWN\",\"probability\":0.3}", true, false),
          new Scenario("500 InternalError, 100 %", "{\"fault\":\"INTERNAL_ERROR\"}", false, false),
          new Scenario("connection reset, 100 %", "{\"fault\":\"RESET\"}", false, false),
          new Scenario(
              "25 s latency (attempt timeout 20 s)",
              "{\"fault\":\"DELAY\",\"delayMillis\":25000}",
              false,
              false),
          new Scenario(
              "403 AccessDenied on writes",
              "{\"fault\":\"ACCESS_DENIED\",\"access\":\"WRITE\"}",
              false,
              true),
          new Scenario(
              "malformed XML on reads",
              "{\"fault\":\"MALFORMED_BODY\",\"access\":\"READ\"}",
              false,
              false));

  private FaultBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path kubeconfig = Path.of(env("KUBECONFIG", null));
    URI moto = URI.create(env("S3POSTURE_MOTO_ENDPOINT", null));
    URI proxy = URI.create(env("FAULT_PROXY_ENDPOINT", null));
    ProxyControl control = new ProxyControl(URI.create(env("FAULT_PROXY_CONTROL", null)));
    Duration window = Duration.ofSeconds(Long.parseLong(env("FAULTS_SECONDS", "60")));
    int size = Integer.parseInt(env("FAULTS_BUCKETS", "20"));

    try (KubernetesClient client =
            new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
                .build();
        AwsClientFactory aws = new AwsClientFactory(List.of(), 3)) {
      TestStack.installCrds(client);
      String namespace = "faults-" + System.currentTimeMillis() % 100_000;
      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
      S3Client s3 = aws.clientsFor(AwsTarget.of(TestStack.REGION).withEndpoint(moto)).s3();
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
                  proxy.toString()));
      try (OperatorUnderTest operator = OperatorUnderTest.start(client, config, Timings.STANDARD)) {
        Policies policies = new Policies(client, operator);
        System.out.printf(
            Locale.ROOT,
            "%d buckets per fault (versioning suspended, no Block Public Access), each fault for %d s%n",
            size,
            window.toSeconds());
        System.out.printf(
            Locale.ROOT,
            "%-38s | %-34s | %-13s | %-11s | %s%n",
            "fault",
            "status reasons during",
            "attempts/call",
            "requests/s",
            "compliant");
        int n = 0;
        String only = env("FAULTS_ONLY", "");
        for (Scenario scenario :
            SCENARIOS.stream().filter(s -> s.name().startsWith(only)).toList()) {
          run(scenario, n++, namespace, size, window, s3, policies, operator, control);
        }
      }
    }
  }

  private static void run(
      Scenario scenario,
      int n,
      String namespace,
      int size,
      Duration window,
      S3Client s3,
      Policies policies,
      OperatorUnderTest operator,
      ProxyControl control)
      throws InterruptedException {
    String prefix = TestStack.uniqueBucketName("fault" + n);
    List<String> buckets = IntStream.range(0, size).mapToObj(i -> prefix + "-" + i).toList();
    buckets.forEach(b -> s3.createBucket(r -> r.bucket(b)));
    BucketPolicy policy =
        policies.apply(
            Policies.manifest(
                namespace,
                "fault-" + n,
                """
                resyncInterval: 1h
                buckets:
                  names: [%s]
                # the whole fleet in one check, and no circuit breaker: the faults are the point here
                enforcement: {maxBucketsChangedPerCheck: 1000, maxWriteFailuresPerCheck: 1000}
                controls:
                  versioning: {}
                  publicAccessBlock: {}
                """
                    .formatted(String.join(", ", buckets))));
    awaitCompliant(policies, policy, size, Duration.ofMinutes(5));
    for (String bucket : buckets) {
      s3.putBucketVersioning(
          r ->
              r.bucket(bucket)
                  .versioningConfiguration(c -> c.status(BucketVersioningStatus.SUSPENDED)));
      s3.deletePublicAccessBlock(r -> r.bucket(bucket));
    }
    control.resetCounts();
    long calls = s3Calls(operator);
    control.addRule(scenario.rule().replace("}", ",\"bucket\":\"" + prefix + "-*\"}"));
    long started = System.nanoTime();
    policies.requestCheck(policy);
    String during;
    double convergedAfter;
    if (scenario.convergesDuring()) {
      awaitCompliant(policies, policy, size, window.multipliedBy(10));
      convergedAfter = -seconds(started);
      during = reasons(policies.get(policy));
    } else {
      TimeUnit.MILLISECONDS.sleep(window.toMillis()); // the fault lasts this long
      during = reasons(policies.get(policy));
      convergedAfter = Double.NaN;
    }
    double elapsed = seconds(started);
    long requests = control.requests(buckets);
    long operatorCalls = s3Calls(operator) - calls;
    control.clearRules();
    if (!scenario.convergesDuring()) {
      long cleared = System.nanoTime();
      if (scenario.needsCheck()) {
        policies.requestCheck(policy); // terminal failures wait for the next check: ask for it
      }
      awaitCompliant(policies, policy, size, Duration.ofMinutes(15));
      convergedAfter = seconds(cleared);
    }
    System.out.printf(
        Locale.ROOT,
        "%-38s | %-34s | %13.2f | %11.1f | %s%n",
        scenario.name(),
        during,
        operatorCalls == 0 ? 0.0 : requests / (double) operatorCalls,
        requests / elapsed,
        convergedAfter < 0
            ? String.format(
                Locale.ROOT, "during the fault, %.0f s after the check began", -convergedAfter)
            : String.format(
                Locale.ROOT,
                "%.0f s after it ended%s",
                convergedAfter,
                scenario.needsCheck() ? " (with a check-now)" : ""));
    policies.delete(policy);
  }

  private static String reasons(BucketPolicy policy) {
    if (policy.getStatus() == null || policy.getStatus().findings() == null) {
      return "(none)";
    }
    Set<String> reasons =
        policy.getStatus().findings().stream()
            .map(Finding::reason)
            .collect(Collectors.toCollection(TreeSet::new));
    return String.join(", ", reasons);
  }

  /** S3 calls the operator made (each after all its attempts). */
  private static long s3Calls(OperatorUnderTest operator) {
    return operator.registry().find(AwsCallMetrics.CALLS).tag("service", "S3").counters().stream()
        .mapToLong(c -> (long) c.count())
        .sum();
  }

  private static void awaitCompliant(
      Policies policies, BucketPolicy policy, int size, Duration atMost) {
    Awaitility.await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> policies.get(policy),
            p ->
                p.getStatus() != null
                    && p.getStatus().buckets() != null
                    && p.getStatus().buckets().compliant() == size);
  }

  private static double seconds(long started) {
    return (System.nanoTime() - started) / 1e9;
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      if (fallback == null) {
        throw new IllegalStateException(name + " is not set (run hack/bench-faults.sh)");
      }
      return fallback;
    }
    return value;
  }
}
