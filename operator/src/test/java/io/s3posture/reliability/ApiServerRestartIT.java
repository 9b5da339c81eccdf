package io.s3posture.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.install.OperatorProcess;
import io.s3posture.localstack.LocalStack;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestStack;
import io.s3posture.testing.VersioningPolicies;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * kube-apiserver stopped and started again under a running operator process (the shaded jar): it
 * stays alive (no crash loop), reports not ready while its watches are down and ready again after,
 * and carries on reconciling, including what changed while the API server was away. A stack of its
 * own: the shared one's API server is not restarted under other tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiServerRestartIT {

  private static final Duration WAIT = Duration.ofSeconds(90);

  private TestStack stack;

  @BeforeAll
  void startStack() {
    stack = new TestStack(LocalStack.start(Path.of("target", "api-restart").toAbsolutePath()));
  }

  @AfterAll
  void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void theOperatorOutlivesAnApiServerRestartAndReadinessSaysSo() throws Exception {
    String namespace = stack.createNamespace("api-restart");
    String bucket = TestStack.uniqueBucketName("api-restart");
    String later = TestStack.uniqueBucketName("api-restart-later");
    stack.s3().createBucket(r -> r.bucket(bucket));
    stack.s3().createBucket(r -> r.bucket(later));
    Policies policies = new Policies(stack.kubernetes(), null);
    Map<String, String> settings = OperatorProcess.settings(namespace, stack.moto().endpoint());
    Path logs = Path.of("target", "api-restart", "operator").toAbsolutePath();
    try (OperatorProcess operator =
        OperatorProcess.start("api-restart", stack.localStack().kubeconfig(), settings, logs)) {
      BucketPolicy policy =
          policies.apply(VersioningPolicies.of(namespace, "first", "Enforce", List.of(bucket)));
      policies.awaitStatus(policy, p -> p.getStatus().buckets().compliant() == 1);
      await().atMost(WAIT).until(operator::isReady);

      stack.localStack().stopApiServer();
      await("readiness reflects the lost watches").atMost(WAIT).until(() -> !operator.isReady());
      assertThat(operator.isHealthy()).as("live: no restart needed").isTrue();
      // drift while the API server is away: found once the operator is back in touch
      stack.seeder().versioning(bucket, BucketVersioningStatus.SUSPENDED);

      stack.localStack().startApiServer();
      await("ready again").atMost(WAIT).until(operator::isReady);
      assertThat(operator.isAlive()).isTrue();
      assertThat(operator.isHealthy()).isTrue();

      BucketPolicy checked = policies.checkNow(policy);
      assertThat(checked.getStatus().buckets().compliant()).isEqualTo(1);
      assertThat(versioning(bucket)).isEqualTo(BucketVersioningStatus.ENABLED);
      BucketPolicy second =
          policies.apply(VersioningPolicies.of(namespace, "second", "Enforce", List.of(later)));
      policies.awaitStatus(second, p -> p.getStatus().buckets().compliant() == 1);
      assertThat(versioning(later)).isEqualTo(BucketVersioningStatus.ENABLED);
      assertThat(operator.isAlive()).as("no crash, no exit").isTrue();
    }
  }

  private BucketVersioningStatus versioning(String bucket) {
    return stack.s3().getBucketVersioning(r -> r.bucket(bucket)).status();
  }
}
