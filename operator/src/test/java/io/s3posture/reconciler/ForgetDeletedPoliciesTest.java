package io.s3posture.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.events.EventRateLimiter;
import io.s3posture.metrics.PolicyKey;
import io.s3posture.metrics.PostureMetrics;
import io.s3posture.status.OutcomeHistory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ForgetDeletedPoliciesTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Clock clock = Clock.systemUTC();
  private final PostureMetrics metrics = new PostureMetrics(registry, true, clock);
  private final OutcomeHistory history = new OutcomeHistory();
  private final ForgetDeletedPolicies forgetter =
      new ForgetDeletedPolicies(
          new DesiredStateRegistry(),
          history,
          metrics,
          new ResyncSchedule(() -> 0),
          EventRateLimiter.standard(clock));

  @Test
  void aPolicyNoLongerInTheCacheLosesItsSeriesAndHistory() {
    PolicyKey a = new PolicyKey("BucketPolicy", "ns", "a");
    PolicyKey b = new PolicyKey("BucketPolicy", "ns", "b");
    for (PolicyKey key : List.of(a, b)) {
      forgetter.reconciling(key.name(), key, Stream.of(policy("a"), policy("b")));
      metrics.checked(key, List.of(), List.of(), Map.of(), Duration.ofMinutes(10), Instant.now());
      history.replace(key.name(), Map.of());
    }
    assertThat(registry.find(PostureMetrics.LAST_CHECK).tag("policy", "b").gauge()).isNotNull();

    forgetter.reconciling("a", a, Stream.of(policy("a")));

    assertThat(registry.find(PostureMetrics.LAST_CHECK).tag("policy", "b").gauge()).isNull();
    assertThat(registry.find(PostureMetrics.LAST_CHECK).tag("policy", "a").gauge()).isNotNull();
    assertThat(
            history.previous(
                "b",
                () ->
                    Map.of(
                        new OutcomeHistory.Key("x", io.s3posture.control.ControlName.VERSIONING),
                        new OutcomeHistory.Entry(
                            io.s3posture.control.OutcomeState.DRIFTED, "r", "t"))))
        .as("forgotten: seeded afresh")
        .hasSize(1);
  }

  private static BucketPolicy policy(String uid) {
    BucketPolicy policy = new BucketPolicy();
    policy.setMetadata(
        new ObjectMetaBuilder().withName(uid).withNamespace("ns").withUid(uid).build());
    return policy;
  }
}
