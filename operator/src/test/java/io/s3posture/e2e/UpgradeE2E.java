package io.s3posture.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestStack;
import io.s3posture.testing.VersioningPolicies;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code helm upgrade} with a changed value rolls the pod; the new pod continues from the status:
 * it checks the policy and neither corrects again nor replays an event.
 */
@ExtendWith(E2eClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Order(2)
class UpgradeE2E {

  private E2eCluster cluster;
  private OperatorRelease release;
  private String bucket;

  @BeforeAll
  void install(E2eCluster cluster) {
    this.cluster = cluster;
    this.release = OperatorRelease.inNewNamespace(cluster, "e2e-upgrade");
    Policies policies = new Policies(cluster.kubernetes(), null);
    this.bucket = TestStack.uniqueBucketName("e2e-upgrade");
    cluster.s3().createBucket(b -> b.bucket(bucket));
    release.install("").successfulOutput();
    release.awaitReadyPods(1);
    BucketPolicy policy =
        policies.apply(
            VersioningPolicies.of(release.namespace(), "versioned", "Enforce", List.of(bucket)));
    policies.awaitStatus(
        policy, p -> p.getStatus().buckets() != null && p.getStatus().buckets().compliant() == 1);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> release.eventCount("DriftCorrected", "bucket " + bucket) == 1);
  }

  @AfterAll
  void uninstall() {
    if (release != null) {
      release.uninstall();
    }
  }

  @Test
  void aChangedValueRollsThePodWhichNeitherCorrectsAgainNorReplaysEvents() {
    String before = release.awaitReadyPods(1).get(0).getMetadata().getName();
    cluster.proxy().resetCounts();

    release.upgrade("logLevel: DEBUG\n").successfulOutput();
    Pod rolled =
        await()
            .atMost(OperatorRelease.POD_READY)
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> release.awaitReadyPods(1).get(0),
                pod -> !pod.getMetadata().getName().equals(before));
    assertThat(rolled.getSpec().getContainers().get(0).getEnv())
        .anySatisfy(
            env -> {
              assertThat(env.getName()).isEqualTo("S3POSTURE_LOG_LEVEL");
              assertThat(env.getValue()).isEqualTo("DEBUG");
            });
    await()
        .atMost(Duration.ofSeconds(120))
        .until(
            () ->
                release
                    .scrape(rolled)
                    .sum(
                        "s3posture_policy_checks_total",
                        "namespace",
                        release.namespace(),
                        "policy",
                        "versioned"),
            checks -> checks >= 1);
    assertThat(cluster.proxy().counts().of("s3:GetBucketVersioning", bucket))
        .as("the new pod read the bucket")
        .isPositive();
    assertThat(cluster.proxy().counts().of("s3:PutBucketVersioning", bucket))
        .as("no second correction")
        .isZero();
    assertThat(release.eventCount("DriftCorrected", "bucket " + bucket)).isEqualTo(1);
    assertThat(release.eventCount("DriftDetected", "bucket " + bucket)).isZero();
    assertThat(
            release
                .scrape(rolled)
                .sum("s3posture_drift_corrected_total", "namespace", release.namespace()))
        .isZero();
  }
}
