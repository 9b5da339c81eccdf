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
 * and the 50 buckets of the failing policies ({@link FailingPolicies}) with an STS that denies
 * every role and an endpoint that never answers in time.
 */
final class IsolationScene implements AutoCloseable {

  static final int HEALTHY_BUCKETS = 50;

  final TestStack stack;
  final String namespace;
  private final FaultProxy denyingSts;
  private final FaultProxy silent;
  private final String healthyPrefix;
  private final List<String> others;

  private IsolationScene(TestStack stack, FaultProxy denyingSts, FaultProxy silent) {
    this.stack = stack;
    this.denyingSts = denyingSts;
    this.silent = silent;
    this.namespace = stack.createNamespace("isolation");
    this.healthyPrefix = TestStack.uniqueBucketName("healthy");
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
    IsolationScene scene = new IsolationScene(stack, denyingSts, silent);
    scene.seed(
        IntStream.range(0, HEALTHY_BUCKETS).mapToObj(i -> scene.healthyPrefix + "-" + i).toList());
    scene.seed(scene.others);
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
        silent) {
      // closes all three, the proxies first
    }
  }
}
