package io.s3posture.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.changes.ChangeEventMetrics;
import io.s3posture.changes.EventQueue;
import io.s3posture.localstack.LoopbackPorts;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.OperatorExtension;
import io.s3posture.testing.OperatorUnderTest;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestStack;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * SQS unreachable (nothing listens on the queue's endpoint): the periodic sweeps go on and correct
 * drift, the receiving gauge says 0, and after a minute the policy's Synced condition says that
 * change events are not received, while staying True.
 */
@ExtendWith(LocalStackExtension.class)
class ChangeEventsUnreachableIT {

  private static final URI CLOSED = URI.create("http://127.0.0.1:" + LoopbackPorts.free());

  @RegisterExtension
  static final OperatorExtension running =
      OperatorExtension.inNamespace("events-down")
          .changeEvents(
              EventQueue.of(
                      "unreachable",
                      URI.create(CLOSED + "/" + TestStack.ACCOUNT_ID + "/unreachable"),
                      TestStack.REGION)
                  .withEndpoint(CLOSED))
          .build();

  @Test
  void sweepsGoOnAndThePolicySaysChangeEventsAreNotReceived(TestStack stack) {
    String namespace = running.namespace();
    String bucket = stack.seeder().bucket("events-down");
    OperatorUnderTest operator = running.operator();
    Policies policies = running.policies();
    BucketPolicy policy =
        policies.apply(
            Policies.manifest(
                namespace,
                "down",
                """
                mode: Enforce
                resyncInterval: 30s
                buckets: {names: [%s]}
                controls:
                  versioning: {}
                """
                    .formatted(bucket)));

    policies.awaitStatus(policy, p -> p.getStatus().buckets().compliant() == 1);
    assertThat(stack.s3().getBucketVersioning(r -> r.bucket(bucket)).status())
        .isEqualTo(BucketVersioningStatus.ENABLED);
    assertThat(
            operator
                .registry()
                .find(ChangeEventMetrics.RECEIVING)
                .tag("queue", "unreachable")
                .gauge()
                .value())
        .isZero();

    BucketPolicy told =
        await()
            .atMost(Duration.ofMinutes(3))
            .until(
                () -> policies.get(policy),
                p -> synced(p).getMessage().contains("change events are not received"));
    Condition synced = synced(told);
    assertThat(synced.getStatus()).isEqualTo("True");
    assertThat(synced.getMessage())
        .isEqualTo(
            "buckets are checked; change events are not received (queue unreachable:"
                + " NetworkError): drift is found at the periodic resync only");
    assertThat(operator.checks("BucketPolicy", namespace, "down"))
        .as("the periodic sweeps went on meanwhile")
        .isGreaterThanOrEqualTo(2);
    policies.delete(policy);
  }

  private static Condition synced(BucketPolicy policy) {
    return policy.getStatus().conditions().stream()
        .filter(c -> "Synced".equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }
}
