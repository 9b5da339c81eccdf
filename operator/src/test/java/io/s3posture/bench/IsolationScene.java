package io.s3posture.bench;

import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.localstack.LocalStack;
import io.s3posture.localstack.proxy.FaultProxy;
import io.s3posture.localstack.proxy.FaultRule;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * What the isolation and footprint benchmarks run on: a stack, the 50 buckets of a healthy policy,
 * the 50 buckets of the failing policies ({@link FailingPolicies}) with an STS that denies every
 * role and an endpoint that never answers in time, and the 20 buckets of a slow policy of the
 * healthy policy's own account (the operator's default endpoint is a proxy that holds their calls).
 */
final class IsolationScene implements AutoCloseable {

  static final int HEALTHY_BUCKETS = 50;

  /** The slow policy of the healthy policy's own account: its buckets answer every call late. */
  static final int SLOW_BUCKETS = 20;

  static final Duration SLOW_CALL = Duration.ofSeconds(25);

  final TestStack stack;
  final String namespace;
  private final FaultProxy denyingSts;
  private final FaultProxy silent;
  final FaultProxy shared;
  private final String healthyPrefix;
  private final String slowPrefix;
  private final List<String> others;

  private IsolationScene(
      TestStack stack, FaultProxy denyingSts, FaultProxy silent, FaultProxy shared) {
    this.stack = stack;
    this.denyingSts = denyingSts;
    this.silent = silent;
    this.shared = shared;
    this.namespace = stack.createNamespace("isolation");
    this.healthyPrefix = TestStack.uniqueBucketName("healthy");
    this.slowPrefix = TestStack.uniqueBucketName("slow");
    String otherPrefix = TestStack.uniqueBucketName("other");
    this.others =
        IntStream.range(0, FailingPolicies.COUNT).mapToObj(i -> otherPrefix + "-" + i).toList();
  }

  /** A new stack under target/{@code name}, its buckets created. */
  static IsolationScene start(String name) throws Exception {
    TestStack stack = new TestStack(LocalStack.start(Path.of("target", name).toAbsolutePath()));
    FaultProxy denyingSts = FaultProxy.start(stack.moto().endpoint());
    FaultProxy silent = FaultProxy.start(stack.moto().endpoint());
    denyingSts.addRule(FaultRule.accessDenied().onOperation("sts:AssumeRole"));
    // longer than an attempt (20 s): every call ends at the call timeout (60 s)
    silent.addRule(FaultRule.latency(Duration.ofSeconds(30)));
    // the operator's default endpoint: the healthy policy and the slow one reach moto through it
    FaultProxy shared = FaultProxy.start(stack.moto().endpoint());
    IsolationScene scene = new IsolationScene(stack, denyingSts, silent, shared);
    shared.addRule(FaultRule.latency(SLOW_CALL).onBucket(scene.slowPrefix + "-*"));
    scene.seed(
        IntStream.range(0, HEALTHY_BUCKETS).mapToObj(i -> scene.healthyPrefix + "-" + i).toList());
    scene.seed(scene.others);
    scene.seed(IntStream.range(0, SLOW_BUCKETS).mapToObj(i -> scene.slowPrefix + "-" + i).toList());
    return scene;
  }

  /** The healthy policy: its 50 buckets by name pattern, 4 controls, one check for all of them. */
  String healthyManifest(String resyncInterval) {
    return Policies.manifest(
        namespace,
        "healthy",
        """
        resyncInterval: %s
        buckets:
          selector: {namePatterns: ["%s-*"]}
        enforcement: {maxBucketsChangedPerCheck: 1000} # the whole fleet in one check
        controls:
          versioning: {}
          publicAccessBlock: {}
          encryption: {algorithm: SSE-S3}
          websiteDisabled: {}
        """
            .formatted(resyncInterval, healthyPrefix));
  }

  /**
   * A policy of the healthy policy's account, endpoint, region and credentials whose {@link
   * #SLOW_BUCKETS} buckets answer every call in {@link #SLOW_CALL} (the fault proxy holds them).
   */
  String slowManifest() {
    return Policies.manifest(
        namespace,
        "slow",
        """
        resyncInterval: 30s
        buckets:
          selector: {namePatterns: ["%s-*"]}
        controls:
          versioning: {}
          publicAccessBlock: {}
        """
            .formatted(slowPrefix));
  }

  List<BucketPolicy> applyFailing(Policies policies) throws Exception {
    return FailingPolicies.apply(policies, namespace, others, denyingSts, silent);
  }

  private void seed(List<String> buckets) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    buckets.forEach(b -> pool.submit(() -> stack.s3().createBucket(r -> r.bucket(b))));
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.MINUTES);
  }

  @Override
  public void close() throws Exception {
    try (stack;
        denyingSts;
        silent;
        shared) {
      // closes all four, the proxies first
    }
  }
}
