package io.s3posture.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.operator.OperatorConfig;
import io.s3posture.testing.ChangeEventQueue;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestStack;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * Two operator processes (the shaded jar, as the image runs it) against one API server, each
 * authenticated as the chart's ServiceAccount with a real ServiceAccount token and configured as
 * the chart configures replicas: 2 (namespaced install, leader election on). Only the Lease holder
 * reconciles; when it stops, the other takes the Lease over and reconciles.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeaderElectionIT {

  /** Lease duration is 15 s: takeover after a stop can take that long plus a renew period. */
  private static final Duration TAKEOVER = Duration.ofSeconds(90);

  private static final Duration STARTUP = Duration.ofSeconds(120);
  private static final String APPLIER = "leader-election-it";

  private static final String RECEIVING = "s3posture_change_events_receiving";
  private static final String RECEIVED = "s3posture_change_events_received_total";

  private TestStack stack;
  private String namespace;
  private ChangeEventQueue events;
  private ChartServiceAccount serviceAccount;
  private final List<OperatorProcess> processes = new ArrayList<>();

  @BeforeAll
  void startTwoOperators(TestStack stack) {
    this.stack = stack;
    this.namespace = stack.createNamespace("leader");
    this.serviceAccount =
        ChartServiceAccount.install(
            stack,
            namespace,
            """
            replicaCount: 2
            watchNamespaces: [%s]
            accountPolicies: {enabled: false}
            """
                .formatted(namespace));
    Path logs = Path.of("target", "leader-election", namespace).toAbsolutePath();
    Path kubeconfig = serviceAccount.tokenKubeconfig(logs.resolve("kubeconfig"));
    Map<String, String> settings = OperatorProcess.settings(namespace, stack.moto().endpoint());
    settings.put("S3POSTURE_LEADER_ELECTION", "true");
    settings.put("S3POSTURE_LEADER_ELECTION_NAMESPACE", namespace);
    this.events = ChangeEventQueue.alone(stack.moto().endpoint(), "leader-events");
    settings.put("S3POSTURE_EVENT_QUEUES", events.environmentValue());
    for (String name : List.of("operator-a", "operator-b")) {
      processes.add(OperatorProcess.start(name, kubeconfig, settings, logs));
    }
  }

  @AfterAll
  void stopOperators() {
    try {
      processes.forEach(OperatorProcess::close);
    } finally {
      if (serviceAccount != null) {
        serviceAccount.deleteClusterScoped();
      }
      if (events != null) {
        events.close();
      }
    }
  }

  @Test
  void onlyTheLeaseHolderReconcilesAndTheOtherTakesOverWhenItStops() throws Exception {
    await("both processes serve /healthz")
        .atMost(STARTUP)
        .untilAsserted(
            () ->
                assertThat(processes)
                    .allSatisfy(p -> assertThat(p.isHealthy()).as("%s healthy", p).isTrue()));
    String holder =
        await("a leader").atMost(TAKEOVER).until(this::holder, Optional::isPresent).get();
    OperatorProcess leader = process(holder);
    OperatorProcess follower =
        processes.stream().filter(p -> p != leader).findFirst().orElseThrow();

    String bucket = TestStack.uniqueBucketName("leader");
    stack.s3().createBucket(r -> r.bucket(bucket));
    BucketPolicy policy = apply(manifest(bucket, "Enforce"));
    // no in-process operator here: only the status-waiting half of Policies is used
    Policies policies = new Policies(stack.kubernetes(), null);
    policies.awaitStatus(policy, p -> p.getStatus().buckets().compliant() == 1);
    assertThat(stack.s3().getBucketVersioning(r -> r.bucket(bucket)).status())
        .isEqualTo(BucketVersioningStatus.ENABLED);

    await().atMost(Policies.TIMEOUT).ignoreExceptions().until(() -> leader.reconciles() > 0);
    long leaderReconciles = leader.reconciles();
    checkNow(policy);
    await()
        .atMost(Policies.TIMEOUT)
        .ignoreExceptions()
        .until(() -> leader.reconciles() > leaderReconciles);
    assertThat(follower.reconciles()).as("reconciles of the follower %s", follower).isZero();
    ZonedDateTime acquired = lease().getSpec().getAcquireTime();
    await("the leader renews its Lease")
        .atMost(TAKEOVER)
        .until(() -> lease().getSpec().getRenewTime().isAfter(acquired.plusSeconds(5)));
    assertThat(holder()).contains(leader.name());
    assertThat(follower.reconciles()).as("reconciles of the follower %s", follower).isZero();
    String queue = "queue=\"" + events.name() + "\"";
    await("the leader receives change events")
        .atMost(Policies.TIMEOUT)
        .until(() -> leader.metric(RECEIVING, queue).orElse(0) == 1);
    assertThat(follower.metric(RECEIVING, queue))
        .as("a follower neither consumes change events nor says it does not")
        .isEmpty();

    ZonedDateTime lastRenewed = lease().getSpec().getRenewTime();
    leader.stop();
    assertThat(leader.isAlive()).isFalse();
    assertThat(leader.log()).content().contains("released the leader Lease");

    await("the follower takes the Lease over")
        .atMost(TAKEOVER)
        .until(() -> holder().filter(follower.name()::equals).isPresent());
    assertThat(lease().getSpec().getAcquireTime())
        .as("handed back on a graceful stop: taken over before the 15 s Lease could expire")
        .isBefore(lastRenewed.plusSeconds(12));

    await("the follower takes the Lease over")
        .atMost(TAKEOVER)
        .until(() -> holder().filter(follower.name()::equals).isPresent());
    BucketPolicy changed = apply(manifest(bucket, "Audit"));
    assertThat(changed.getMetadata().getGeneration()).isEqualTo(2L);
    policies.awaitStatus(changed, p -> p.getStatus().observedGeneration() == 2L);
    assertThat(follower.reconciles()).as("reconciles of the new leader").isPositive();
    assertThat(follower.isAlive()).isTrue();
    events.send(
        List.of(
            ChangeEventQueue.record(
                "PutBucketVersioning",
                bucket,
                "arn:aws:iam::" + TestStack.ACCOUNT_ID + ":user/x")));
    await("the new leader consumes change events")
        .atMost(Policies.TIMEOUT)
        .until(() -> follower.metric(RECEIVED, "outcome=\"checked\"," + queue).orElse(0) == 1);
  }

  private Lease lease() {
    return stack
        .kubernetes()
        .leases()
        .inNamespace(namespace)
        .withName(OperatorConfig.LEASE_NAME)
        .get();
  }

  private Optional<String> holder() {
    return Optional.ofNullable(lease())
        .map(Lease::getSpec)
        .map(spec -> spec.getHolderIdentity())
        .filter(identity -> !identity.isBlank());
  }

  private OperatorProcess process(String name) {
    return processes.stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("the Lease holder " + name + " is not ours"));
  }

  private String manifest(String bucket, String mode) {
    return Policies.manifest(
        namespace,
        "versioned",
        """
        mode: %s
        buckets:
          names: [%s]
        controls:
          versioning: {}
        """
            .formatted(mode, bucket));
  }

  private BucketPolicy apply(String manifest) {
    return new PolicyApplier(stack.kubernetes(), APPLIER).apply(manifest);
  }

  /** The check-now annotation, set with a merge patch: the operator checks at once. */
  private void checkNow(BucketPolicy policy) {
    stack
        .kubernetes()
        .resources(BucketPolicy.class)
        .inNamespace(namespace)
        .withName(policy.getMetadata().getName())
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\": {\"annotations\": {\"%s\": \"%d\"}}}"
                .formatted(BucketPolicy.CHECK_NOW_ANNOTATION, System.nanoTime()));
  }
}
