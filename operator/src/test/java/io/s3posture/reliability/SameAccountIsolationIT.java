package io.s3posture.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.localstack.proxy.FaultProxy;
import io.s3posture.localstack.proxy.FaultRule;
import io.s3posture.testing.FaultProxyExtension;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.OperatorExtension;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestStack;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A policy whose buckets answer slowly does not hold up another policy of the same account,
 * endpoint, region and credentials: its buckets wait in their account's slow lanes, and the healthy
 * policy's checks run in the others. The operator runs with 4 checks per account; every call about
 * the slow policy's buckets takes 30 s at the fault proxy.
 */
@ExtendWith({LocalStackExtension.class, FaultProxyExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SameAccountIsolationIT {

  private static final Duration SLOW_CALL = Duration.ofSeconds(30);

  @RegisterExtension
  static final OperatorExtension running =
      OperatorExtension.inNamespace("isolation").throughFaultProxy().build();

  private final TestStack stack = running.stack();
  private final String namespace = running.namespace();
  private final Policies policies = running.policies();
  private final String prefix = TestStack.uniqueBucketName("iso");

  @AfterAll
  void clearRules(FaultProxy proxy) {
    proxy.clearRules();
  }

  @Test
  void aHealthyPolicyIsCheckedWhileAnotherPolicysBucketsOfTheSameAccountAnswerSlowly(
      FaultProxy proxy) {
    List<String> slow = buckets("slow", 6);
    List<String> healthy = buckets("ok", 8);
    proxy.addRule(FaultRule.latency(SLOW_CALL).onBucket(prefix + "-slow-*"));
    BucketPolicy slowPolicy = policies.apply(manifest("slow", "slow"));
    // the slow buckets' first checks are under way: before, they held the account's every lane
    Awaitility.await()
        .atMost(Policies.TIMEOUT)
        .until(() -> proxy.counts().of("GetBucketVersioning") >= 2);

    BucketPolicy healthyPolicy = policies.apply(manifest("healthy", "ok"));
    healthyPolicy =
        policies.awaitStatus(
            healthyPolicy,
            p ->
                p.getStatus().buckets() != null
                    && p.getStatus().buckets().compliant() == healthy.size());
    for (int i = 0; i < 3; i++) {
      healthyPolicy = policies.checkNow(healthyPolicy);
      assertThat(healthyPolicy.getStatus().buckets().compliant()).isEqualTo(healthy.size());
    }

    assertThat(healthy)
        .allSatisfy(
            b ->
                assertThat(stack.s3().getBucketVersioning(r -> r.bucket(b)).statusAsString())
                    .isEqualTo("Enabled"));
    BucketPolicy stillSlow = policies.get(slowPolicy);
    assertThat(stillSlow.getStatus() == null ? null : stillSlow.getStatus().lastCheckTime())
        .as("the slow policy's first check is still under way: %s", slow)
        .isNull();
  }

  private List<String> buckets(String kind, int count) {
    List<String> names =
        IntStream.range(0, count).mapToObj(i -> prefix + "-" + kind + "-" + i).toList();
    stack.seeder().createAll(names);
    return names;
  }

  private String manifest(String name, String kind) {
    return Policies.manifest(
        namespace,
        name,
        """
        mode: Enforce
        resyncInterval: 1h
        buckets: {selector: {namePatterns: ["%s-%s-*"]}}
        controls:
          versioning: {}
        """
            .formatted(prefix, kind));
  }
}
