package io.s3posture.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestStack;
import io.s3posture.testing.VersioningPolicies;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * {@code replicaCount: 2}: two pods elect a leader through the Lease; the leader pod is deleted and
 * the other takes over, continuing from the status: no write repeated, no event replayed.
 */
@ExtendWith(E2eClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Order(3)
class FailoverE2E {

  private static final String LEASE = "s3-posture-operator";
  private static final Logger LOG = LoggerFactory.getLogger(FailoverE2E.class);

  private E2eCluster cluster;
  private OperatorRelease release;
  private Policies policies;
  private String bucket;
  private BucketPolicy policy;

  @BeforeAll
  void installTwoReplicas(E2eCluster cluster) {
    this.cluster = cluster;
    this.release = OperatorRelease.inNewNamespace(cluster, "e2e-failover");
    this.policies = new Policies(cluster.kubernetes(), null);
    this.bucket = TestStack.uniqueBucketName("e2e-failover");
    cluster.s3().createBucket(b -> b.bucket(bucket));
    release.install("replicaCount: 2\n").successfulOutput();
    release.awaitReadyPods(2);
    this.policy =
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
  void theOtherReplicaTakesOverWithoutRepeatingWritesOrEvents() {
    List<Pod> pods = release.awaitReadyPods(2);
    String leader =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> release.leaseHolder(LEASE).orElse(""), holder -> !holder.isEmpty());
    assertThat(pods).extracting(p -> p.getMetadata().getName()).contains(leader);
    cluster.proxy().resetCounts();

    long deleted = System.nanoTime();
    cluster.kubernetes().pods().inNamespace(release.namespace()).withName(leader).delete();
    // the surviving replica, or the replacement the ReplicaSet starts, may win the expired Lease
    List<String> holders = new ArrayList<>();
    String newLeader =
        await()
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofMillis(100))
            .until(
                () -> {
                  String holder = release.leaseHolder(LEASE).orElse("");
                  if (holders.isEmpty() || !holders.get(holders.size() - 1).equals(holder)) {
                    holders.add(holder);
                    LOG.info(
                        "Lease {} held by '{}' {} s after the delete",
                        LEASE,
                        holder,
                        (System.nanoTime() - deleted) / 1e9);
                  }
                  return holder;
                },
                holder -> !holder.isEmpty() && !holder.equals(leader));
    double withoutLeader = (System.nanoTime() - deleted) / 1e9;
    cluster
        .figures()
        .record("failover: leader pod deleted -> other pod holds the Lease (s)", withoutLeader);

    // the new leader checks the policy from the status it finds: compliant, nothing to write
    Pod newLeaderPod =
        await()
            .atMost(Duration.ofSeconds(120))
            .until(
                () ->
                    cluster
                        .kubernetes()
                        .pods()
                        .inNamespace(release.namespace())
                        .withName(newLeader)
                        .get(),
                pod -> pod != null && OperatorRelease.ready(pod));
    await()
        .atMost(Duration.ofSeconds(120))
        .until(
            () ->
                release
                    .scrape(newLeaderPod)
                    .sum(
                        "s3posture_policy_checks_total",
                        "namespace",
                        release.namespace(),
                        "policy",
                        "versioned"),
            checks -> checks >= 1);
    cluster
        .figures()
        .record(
            "failover: leader pod deleted -> new leader's first completed check (s)",
            (System.nanoTime() - deleted) / 1e9);
    assertThat(cluster.proxy().counts().of("s3:PutBucketVersioning", bucket))
        .as("no write repeated by the new leader")
        .isZero();
    assertThat(release.eventCount("DriftCorrected", "bucket " + bucket)).isEqualTo(1);
    assertThat(release.eventCount("DriftDetected", "bucket " + bucket)).isZero();

    // and it is the one that acts now: a drift behind its back is corrected once
    cluster
        .s3()
        .putBucketVersioning(
            b ->
                b.bucket(bucket)
                    .versioningConfiguration(v -> v.status(BucketVersioningStatus.SUSPENDED)));
    policies.checkNow(policy);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(cluster.s3().getBucketVersioning(b -> b.bucket(bucket)).status())
                  .isEqualTo(BucketVersioningStatus.ENABLED);
              assertThat(release.eventCount("DriftCorrected", "bucket " + bucket)).isEqualTo(2);
            });
    assertThat(cluster.proxy().counts().of("s3:PutBucketVersioning", bucket)).isEqualTo(1);
    release.awaitReadyPods(2);
  }
}
