package io.s3posture.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.localstack.proxy.IssuedCredentials;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestStack;
import io.s3posture.testing.VersioningPolicies;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code shards: 2}: two Deployments, each owning the policies labelled with its index (shard 0
 * also those without the label or with an index that names no shard). Each policy's buckets are
 * read by exactly one pod: seen at moto's side (each pod signs with the credentials STS issued to
 * its own projected token, which names the pod) and in each pod's metrics.
 */
@ExtendWith(E2eClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Order(4)
class ShardingE2E {

  private E2eCluster cluster;
  private OperatorRelease release;
  private Policies policies;

  /** policy name -> (label value or null, expected shard) */
  private final Map<String, String[]> plan = new LinkedHashMap<>();

  private final Map<String, String> buckets = new HashMap<>();

  @BeforeAll
  void installTwoShards(E2eCluster cluster) {
    this.cluster = cluster;
    cluster.proxy().resetCounts();
    this.release = OperatorRelease.inNewNamespace(cluster, "e2e-shards");
    this.policies = new Policies(cluster.kubernetes(), null);
    release.install("shards: 2\n").successfulOutput();
    release.awaitReadyPods(2);
    plan.put("labelled-0", new String[] {"0", "0"});
    plan.put("labelled-1", new String[] {"1", "1"});
    plan.put("unlabelled", new String[] {null, "0"});
    plan.put("no-such-shard", new String[] {"7", "0"});
    for (Map.Entry<String, String[]> entry : plan.entrySet()) {
      String bucket = TestStack.uniqueBucketName("e2e-shard");
      cluster.s3().createBucket(b -> b.bucket(bucket));
      buckets.put(entry.getKey(), bucket);
      String manifest =
          VersioningPolicies.of(release.namespace(), entry.getKey(), "Enforce", List.of(bucket));
      if (entry.getValue()[0] != null) {
        manifest =
            manifest.replace(
                "  name: " + entry.getKey() + "\n",
                "  name: "
                    + entry.getKey()
                    + "\n  labels:\n    s3posture.io/shard: \""
                    + entry.getValue()[0]
                    + "\"\n");
      }
      BucketPolicy policy = policies.apply(manifest);
      policies.awaitStatus(
          policy, p -> p.getStatus().buckets() != null && p.getStatus().buckets().compliant() == 1);
    }
  }

  @AfterAll
  void uninstall() {
    if (release != null) {
      release.uninstall();
    }
  }

  @Test
  void eachPolicyIsCheckedByExactlyOneShardsPod() {
    List<Pod> pods = release.awaitReadyPods(2);
    Map<String, String> shardOfPod = new HashMap<>();
    for (Pod pod : pods) {
      shardOfPod.put(
          pod.getMetadata().getName(), pod.getMetadata().getLabels().get("s3posture.io/shard"));
    }
    assertThat(shardOfPod.values()).containsExactlyInAnyOrder("0", "1");

    // in each pod's metrics: a policy's checks only where its shard runs
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              for (Pod pod : pods) {
                String shard = shardOfPod.get(pod.getMetadata().getName());
                var scrape = release.scrape(pod);
                for (Map.Entry<String, String[]> entry : plan.entrySet()) {
                  double checks =
                      scrape.sum(
                          "s3posture_policy_checks_total",
                          "namespace",
                          release.namespace(),
                          "policy",
                          entry.getKey());
                  if (entry.getValue()[1].equals(shard)) {
                    assertThat(checks).as(entry.getKey() + " on shard " + shard).isPositive();
                  } else {
                    assertThat(checks).as(entry.getKey() + " on shard " + shard).isZero();
                  }
                }
              }
            });

    // at moto's side: which pod's credentials read each policy's bucket
    Map<String, String> podOfKey = new HashMap<>();
    for (IssuedCredentials credentials : cluster.proxy().issuedCredentials()) {
      if (credentials.operation().equals("AssumeRoleWithWebIdentity")) {
        String podName = podOf(credentials.webIdentityToken());
        if (shardOfPod.containsKey(podName)) {
          podOfKey.put(credentials.accessKeyId(), podName);
        }
      }
    }
    Map<String, Map<String, Long>> bucketsByKey = cluster.proxy().bucketsByAccessKey();
    for (Map.Entry<String, String[]> entry : plan.entrySet()) {
      String bucket = buckets.get(entry.getKey());
      Set<String> readers = new TreeSet<>();
      bucketsByKey.forEach(
          (key, counts) -> {
            if (counts.containsKey(bucket)) {
              readers.add(podOfKey.getOrDefault(key, "unknown key " + key));
            }
          });
      assertThat(readers)
          .as("pods whose credentials touched " + entry.getKey() + "'s bucket")
          .hasSize(1)
          .allSatisfy(pod -> assertThat(shardOfPod.get(pod)).isEqualTo(entry.getValue()[1]));
    }
  }

  private static String podOf(String token) {
    try {
      return InstallE2E.claims(token).path("kubernetes.io").path("pod").path("name").asText();
    } catch (Exception e) {
      throw new AssertionError("not a service account token: " + e);
    }
  }
}
