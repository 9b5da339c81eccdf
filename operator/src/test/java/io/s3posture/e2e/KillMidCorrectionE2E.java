package io.s3posture.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.localstack.MotoServer;
import io.s3posture.localstack.proxy.FaultRule;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestStack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * The operator's container killed with SIGKILL through the runtime while a correction is half done
 * (versioning written, the bucket policy's write in flight, held by the proxy): the kubelet
 * restarts it, and the bucket converges with nothing half-written: the owned statements once each,
 * the bucket's own statement exactly as it was.
 */
@ExtendWith(E2eClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Order(5)
class KillMidCorrectionE2E {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration HOLD = Duration.ofSeconds(10);
  private static final String TEAM_STATEMENT =
      """
      {"Sid": "TeamRead", "Effect": "Allow",
       "Principal": {"AWS": "arn:aws:iam::%s:role/team"},
       "Action": "s3:GetObject", "Resource": "arn:aws:s3:::%s/*"}""";

  private E2eCluster cluster;
  private OperatorRelease release;
  private Policies policies;

  @BeforeAll
  void install(E2eCluster cluster) {
    this.cluster = cluster;
    this.release = OperatorRelease.inNewNamespace(cluster, "e2e-kill");
    this.policies = new Policies(cluster.kubernetes(), null);
    release.install("").successfulOutput();
    release.awaitReadyPods(1);
  }

  @AfterAll
  void uninstall() {
    cluster.proxy().clearRules();
    if (release != null) {
      release.uninstall();
    }
  }

  @Test
  void aPodKilledMidCorrectionConvergesWithNothingHalfWritten() throws Exception {
    String bucket = TestStack.uniqueBucketName("e2e-kill");
    cluster.s3().createBucket(b -> b.bucket(bucket));
    String team = TEAM_STATEMENT.formatted(MotoServer.ACCOUNT_ID, bucket);
    cluster
        .s3()
        .putBucketPolicy(
            b ->
                b.bucket(bucket)
                    .policy("{\"Version\": \"2012-10-17\", \"Statement\": [" + team + "]}"));
    Pod pod = release.awaitReadyPods(1).get(0);
    String container = OperatorRelease.containerId(pod);
    cluster.proxy().resetCounts();
    cluster
        .proxy()
        .addRule(FaultRule.latency(HOLD).onOperation("PutBucketPolicy").onBucket(bucket).times(1));

    BucketPolicy policy =
        policies.apply(
            Policies.manifest(
                release.namespace(),
                "tls-and-versioning",
                """
                mode: Enforce
                resyncInterval: 1h
                buckets:
                  names: [%s]
                controls:
                  versioning: {}
                  tlsOnly: {minimumTlsVersion: "1.2"}
                """
                    .formatted(bucket)));
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> cluster.proxy().counts().of("s3:PutBucketPolicy", bucket) >= 1);
    Instant heldUntil = Instant.now().plus(HOLD);
    assertThat(cluster.proxy().counts().of("s3:PutBucketVersioning", bucket))
        .as("versioning is written before the bucket policy")
        .isEqualTo(1);
    cluster.ctr("tasks", "kill", "--signal", "SIGKILL", container).successfulOutput();

    await()
        .atMost(OperatorRelease.POD_READY)
        .until(
            () -> release.pods().get(0),
            p ->
                OperatorRelease.ready(p)
                    && p.getStatus().getContainerStatuses().get(0).getRestartCount() >= 1);
    BucketPolicy converged =
        policies.awaitStatus(
            policy,
            p ->
                p.getStatus().buckets() != null
                    && p.getStatus().buckets().compliant() == 1
                    && p.getStatus().buckets().notChecked() == 0);
    assertThat(converged.getStatus().buckets().failed()).isZero();

    assertThat(cluster.s3().getBucketVersioning(b -> b.bucket(bucket)).status())
        .isEqualTo(BucketVersioningStatus.ENABLED);
    // the held write lands too (AWS may still apply a request whose caller died): once it has,
    // the policy must still be whole
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> Instant.now().isAfter(heldUntil.plusSeconds(2)));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode document =
                  JSON.readTree(cluster.s3().getBucketPolicy(b -> b.bucket(bucket)).policy());
              List<String> sids = new ArrayList<>();
              document.path("Statement").forEach(s -> sids.add(s.path("Sid").asText()));
              assertThat(sids)
                  .containsExactlyInAnyOrder(
                      "TeamRead", "S3PostureDenyInsecureTransport", "S3PostureDenyOldTls");
              JsonNode kept = null;
              for (JsonNode statement : document.path("Statement")) {
                if (statement.path("Sid").asText().equals("TeamRead")) {
                  kept = statement;
                }
              }
              assertThat(kept).isEqualTo(JSON.readTree(team));
            });
  }
}
