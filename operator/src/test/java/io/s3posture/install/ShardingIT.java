package io.s3posture.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.operator.OperatorConfig;
import io.s3posture.operator.Shard;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestStack;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two shards as the chart runs them with {@code shards: 2}: operator processes (the shaded jar)
 * configured with {@code S3POSTURE_SHARD} / {@code S3POSTURE_SHARDS}, authenticated as the chart's
 * ServiceAccount, shard 0 with two replicas and shard 1 with one. The policies are split between
 * the shards by their {@code s3posture.io/shard} label, each is checked by exactly one process (its
 * shard's leader), and when shard 0's leader stops, its other replica takes over shard 0's Lease
 * while shard 1 keeps its Lease and its leader.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShardingIT {

  /** Lease duration is 15 s: takeover after a stop can take that long plus a renew period. */
  private static final Duration TAKEOVER = Duration.ofSeconds(90);

  private static final Duration STARTUP = Duration.ofSeconds(120);
  private static final int SHARDS = 2;

  private TestStack stack;
  private String namespace;
  private ChartServiceAccount serviceAccount;
  private final Map<String, OperatorProcess> processes = new LinkedHashMap<>();
  private final Map<String, Integer> shardOf = new HashMap<>();

  @BeforeAll
  void startTwoShards(TestStack stack) {
    this.stack = stack;
    this.namespace = stack.createNamespace("shards");
    this.serviceAccount =
        ChartServiceAccount.install(
            stack,
            namespace,
            """
            shards: %d
            replicaCount: 2
            watchNamespaces: [%s]
            accountPolicies: {enabled: false}
            """
                .formatted(SHARDS, namespace));
    Path logs = Path.of("target", "sharding", namespace).toAbsolutePath();
    Path kubeconfig = serviceAccount.tokenKubeconfig(logs.resolve("kubeconfig"));
    Map<String, String> settings = OperatorProcess.settings(namespace, stack.moto().endpoint());
    settings.put("S3POSTURE_LEADER_ELECTION", "true");
    settings.put("S3POSTURE_LEADER_ELECTION_NAMESPACE", namespace);
    settings.put("S3POSTURE_SHARDS", Integer.toString(SHARDS));
    for (String name : List.of("shard-0-a", "shard-0-b", "shard-1-a")) {
      int shard = Integer.parseInt(name.substring(6, 7));
      Map<String, String> own = new HashMap<>(settings);
      own.put("S3POSTURE_SHARD", Integer.toString(shard));
      shardOf.put(name, shard);
      processes.put(name, OperatorProcess.start(name, kubeconfig, own, logs));
    }
  }

  @AfterAll
  void stopOperators() {
    try {
      processes.values().forEach(OperatorProcess::close);
    } finally {
      if (serviceAccount != null) {
        serviceAccount.deleteClusterScoped();
      }
    }
  }

  @Test
  void eachPolicyIsCheckedByOneShardAndAShardFailsOverOnItsOwnLease() throws Exception {
    // label value -> the shard that owns it: shard 1 its own, shard 0 everything else
    Map<String, Optional<String>> labels = new LinkedHashMap<>();
    labels.put("unlabelled", Optional.empty());
    labels.put("zero", Optional.of("0"));
    labels.put("one", Optional.of("1"));
    labels.put("stray", Optional.of("7"));
    Map<String, Integer> owner = Map.of("unlabelled", 0, "zero", 0, "one", 1, "stray", 0);
    Map<String, BucketPolicy> policies = new LinkedHashMap<>();
    for (var entry : labels.entrySet()) {
      String bucket = TestStack.uniqueBucketName("shard-" + entry.getKey());
      stack.s3().createBucket(r -> r.bucket(bucket));
      policies.put(entry.getKey(), apply(entry.getKey(), entry.getValue(), bucket));
    }

    // the API server's own reading of the shards' selectors: every policy has one owner
    for (String name : labels.keySet()) {
      List<Integer> owners = new ArrayList<>();
      for (int index = 0; index < SHARDS; index++) {
        String selector = new Shard(index, SHARDS).labelSelector().orElseThrow();
        boolean listed =
            stack
                .kubernetes()
                .resources(BucketPolicy.class)
                .inNamespace(namespace)
                .withLabelSelector(selector)
                .list()
                .getItems()
                .stream()
                .anyMatch(p -> p.getMetadata().getName().equals(name));
        if (listed) {
          owners.add(index);
        }
      }
      assertThat(owners)
          .as("shards whose selector lists policy %s", name)
          .containsExactly(owner.get(name));
    }

    await("every process serves /healthz")
        .atMost(STARTUP)
        .untilAsserted(
            () ->
                assertThat(processes.values())
                    .allSatisfy(p -> assertThat(p.isHealthy()).as("%s healthy", p).isTrue()));
    String shard0Leader =
        await("shard 0 has a leader")
            .atMost(TAKEOVER)
            .until(() -> holder(0), Optional::isPresent)
            .get();
    assertThat(
            await("shard 1 has a leader")
                .atMost(TAKEOVER)
                .until(() -> holder(1), Optional::isPresent))
        .contains("shard-1-a");
    assertThat(shardOf.get(shard0Leader)).isZero();

    Policies status = new Policies(stack.kubernetes(), null);
    for (BucketPolicy policy : policies.values()) {
      status.awaitStatus(policy, p -> p.getStatus().buckets().compliant() == 1);
    }
    Map<Integer, String> leaders = Map.of(0, shard0Leader, 1, "shard-1-a");
    for (String name : policies.keySet()) {
      String checker = leaders.get(owner.get(name));
      await("%s checked %s".formatted(checker, name))
          .atMost(Policies.TIMEOUT)
          .until(() -> processes.get(checker).policyChecks(namespace, name) > 0);
      assertThat(checksElsewhere(name, checker))
          .as("checks of %s by other processes", name)
          .isZero();
    }

    Lease shard1Before = lease(1);
    OperatorProcess stopped = processes.get(shard0Leader);
    stopped.stop();
    assertThat(stopped.isAlive()).isFalse();
    String follower = shard0Leader.equals("shard-0-a") ? "shard-0-b" : "shard-0-a";

    await("the other replica of shard 0 takes shard 0's Lease over")
        .atMost(TAKEOVER)
        .until(() -> holder(0).filter(follower::equals).isPresent());
    for (String name : List.of("unlabelled", "zero", "stray")) {
      await("the new leader of shard 0 checks %s".formatted(name))
          .atMost(Policies.TIMEOUT)
          .until(() -> processes.get(follower).policyChecks(namespace, name) > 0);
    }
    Lease shard1After = lease(1);
    assertThat(shard1After.getSpec().getHolderIdentity()).isEqualTo("shard-1-a");
    assertThat(shard1After.getSpec().getAcquireTime())
        .as("shard 1 kept its Lease")
        .isEqualTo(shard1Before.getSpec().getAcquireTime());
    assertThat(shard1After.getSpec().getLeaseTransitions())
        .isEqualTo(shard1Before.getSpec().getLeaseTransitions());
    assertThat(processes.get("shard-1-a").isAlive()).isTrue();
    assertThat(processes.get(follower).policyChecks(namespace, "one"))
        .as("shard 0 never checks shard 1's policy")
        .isZero();
  }

  private long checksElsewhere(String policy, String checker) throws IOException {
    long checks = 0;
    for (var process : processes.entrySet()) {
      if (!process.getKey().equals(checker) && process.getValue().isAlive()) {
        checks += process.getValue().policyChecks(namespace, policy);
      }
    }
    return checks;
  }

  private BucketPolicy apply(String name, Optional<String> shard, String bucket) {
    String manifest =
        Policies.manifest(
            namespace,
            name,
            """
            buckets:
              names: [%s]
            controls:
              versioning: {}
            """
                .formatted(bucket));
    BucketPolicy policy =
        stack
            .kubernetes()
            .resources(BucketPolicy.class)
            .load(new ByteArrayInputStream(manifest.getBytes(StandardCharsets.UTF_8)))
            .item();
    shard.ifPresent(value -> policy.getMetadata().setLabels(Map.of(Shard.LABEL, value)));
    return stack.kubernetes().resource(policy).fieldManager("sharding-it").serverSideApply();
  }

  private Lease lease(int shard) {
    return stack
        .kubernetes()
        .leases()
        .inNamespace(namespace)
        .withName(new Shard(shard, SHARDS).leaseName(OperatorConfig.LEASE_NAME))
        .get();
  }

  private Optional<String> holder(int shard) {
    return Optional.ofNullable(lease(shard))
        .map(Lease::getSpec)
        .map(spec -> spec.getHolderIdentity())
        .filter(identity -> !identity.isBlank());
  }
}
