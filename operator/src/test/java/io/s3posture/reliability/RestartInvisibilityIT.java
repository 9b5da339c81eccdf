package io.s3posture.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.api.v1alpha1.Finding;
import io.s3posture.install.OperatorProcess;
import io.s3posture.metrics.PostureMetrics;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.OperatorUnderTest;
import io.s3posture.testing.Policies;
import io.s3posture.testing.Scrape;
import io.s3posture.testing.TestStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A restart and a leader change are invisible: with 60 drifted bucket controls (more than the 50
 * findings status shows, so most of what the new operator knows comes from status memory), the
 * operator that takes over publishes no event for a state that did not change, counts no new drift,
 * and keeps every "since", in status and in metrics.
 */
@ExtendWith(LocalStackExtension.class)
class RestartInvisibilityIT {

  private static final int BUCKETS = 60;
  private static final Duration TAKEOVER = Duration.ofSeconds(90);

  @Test
  void aRestartAndALeaderChangePublishNothingNewAndKeepEverySince(TestStack stack)
      throws IOException {
    String namespace = stack.createNamespace("invisible");
    String prefix = TestStack.uniqueBucketName("invisible");
    IntStream.range(0, BUCKETS)
        .forEach(i -> stack.s3().createBucket(r -> r.bucket(prefix + "-" + i)));
    String manifest =
        Policies.manifest(
            namespace,
            "audit",
            """
            mode: Audit
            resyncInterval: 1h
            buckets:
              selector: {namePatterns: ["%s-*"]}
            controls:
              versioning: {}
            """
                .formatted(prefix));

    OperatorUnderTest first = OperatorUnderTest.start(stack, Set.of(namespace));
    Policies policies = new Policies(stack.kubernetes(), first);
    BucketPolicy policy;
    Map<String, Long> since;
    List<Event> events;
    try {
      policy =
          policies.awaitStatus(
              policies.apply(manifest), p -> p.getStatus().buckets().drifted() == BUCKETS);
      assertThat(policy.getStatus().findings()).hasSize(50);
      assertThat(policy.getStatus().findingsOmitted()).isEqualTo(10);
      since = driftSince(Scrape.parse(first.registry().scrape()));
      assertThat(since).hasSize(BUCKETS);
      assertThat(first.counter(PostureMetrics.DRIFT_DETECTED, "policy", "audit"))
          .isEqualTo(BUCKETS);
      assertThat(driftSince(Scrape.parse(first.registry().scrape()))).hasSize(BUCKETS);
      // the burst and the rate-limited summary are out before the first operator stops
      events =
          await()
              .atMost(Policies.TIMEOUT)
              .until(
                  () -> events(stack, namespace),
                  e -> e.stream().anyMatch(event -> event.getMessage().contains("rate-limited")));
    } finally {
      first.close();
    }

    // a restart: a new operator, a new ledger from status
    OperatorUnderTest restarted = OperatorUnderTest.start(stack, Set.of(namespace));
    try {
      BucketPolicy rechecked = new Policies(stack.kubernetes(), restarted).checkNow(policy);
      assertInvisible(
          namespace,
          policy,
          rechecked,
          Scrape.parse(restarted.registry().scrape()),
          since,
          events,
          stack);
    } finally {
      restarted.close();
    }

    // a leader change, as the chart runs replicas: two processes, the leader stops, the other
    // takes over (processes, as a leader that stops leading exits)
    Map<String, String> settings = OperatorProcess.settings(namespace, stack.moto().endpoint());
    settings.put("S3POSTURE_LEADER_ELECTION", "true");
    settings.put("S3POSTURE_LEADER_ELECTION_NAMESPACE", namespace);
    Path logs = Path.of("target", "restart-invisibility", namespace).toAbsolutePath();
    Path kubeconfig = stack.localStack().kubeconfig();
    Policies statusOnly = new Policies(stack.kubernetes(), null);
    try (OperatorProcess leader = OperatorProcess.start("leader", kubeconfig, settings, logs)) {
      await().atMost(TAKEOVER).ignoreExceptions().until(() -> leader.reconciles() > 0);
      try (OperatorProcess follower =
          OperatorProcess.start("follower", kubeconfig, settings, logs)) {
        await().atMost(TAKEOVER).until(follower::isHealthy);
        BucketPolicy beforeChange = statusOnly.checkNow(policy);
        assertThat(follower.reconciles()).isZero();
        leader.stop();
        await().atMost(TAKEOVER).ignoreExceptions().until(() -> follower.reconciles() > 0);
        BucketPolicy afterChange = statusOnly.checkNow(beforeChange);
        assertInvisible(namespace, policy, afterChange, scrape(follower), since, events, stack);
      }
    }
  }

  private static Scrape scrape(OperatorProcess process) {
    try {
      return Scrape.parse(process.metrics());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void assertInvisible(
      String namespace,
      BucketPolicy before,
      BucketPolicy after,
      Scrape metrics,
      Map<String, Long> since,
      List<Event> events,
      TestStack stack) {
    assertThat(after.getStatus().buckets().drifted()).isEqualTo(BUCKETS);
    assertThat(sinceOf(after.getStatus().findings()))
        .as("the findings shown keep their since")
        .isEqualTo(sinceOf(before.getStatus().findings()));
    assertThat(driftSince(metrics))
        .as("every drifted bucket control keeps its since, beyond the 50 findings shown")
        .isEqualTo(since);
    assertThat(metrics.sum("s3posture_drift_detected_total", "policy", "audit"))
        .as("no drift episode counted again")
        .isZero();
    assertThat(events(stack, namespace))
        .as("no event for a state that did not change")
        .extracting(Event::getMetadata)
        .extracting(m -> m.getName())
        .containsExactlyInAnyOrderElementsOf(
            events.stream().map(e -> e.getMetadata().getName()).toList());
    assertThat(
            events(stack, namespace).stream()
                .mapToInt(e -> e.getCount() == null ? 1 : e.getCount())
                .sum())
        .as("nor an old event repeated")
        .isEqualTo(events.stream().mapToInt(e -> e.getCount() == null ? 1 : e.getCount()).sum());
  }

  /** {@code s3posture_bucket_drift_since_timestamp_seconds} by bucket, as Prometheus sees it. */
  private static Map<String, Long> driftSince(Scrape metrics) {
    return metrics
        .samples("s3posture_bucket_drift_since_timestamp_seconds", "policy", "audit")
        .stream()
        .collect(
            Collectors.toMap(
                s -> s.labels().get("bucket"), s -> (long) s.value(), (a, b) -> a, TreeMap::new));
  }

  private static Map<String, String> sinceOf(List<Finding> findings) {
    return findings.stream()
        .collect(
            Collectors.toMap(
                f -> f.bucket() + "/" + f.control(), Finding::since, (a, b) -> a, TreeMap::new));
  }

  private static List<Event> events(TestStack stack, String namespace) {
    return stack.kubernetes().v1().events().inNamespace(namespace).list().getItems();
  }
}
