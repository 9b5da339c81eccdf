package io.s3posture.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.s3posture.api.v1alpha1.AccountPolicy;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.testing.AccountPolicies;
import io.s3posture.testing.ChangeEventQueue;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.ManagementEndpoint;
import io.s3posture.testing.OperatorExtension;
import io.s3posture.testing.OperatorUnderTest;
import io.s3posture.testing.Policies;
import io.s3posture.testing.Scrape;
import io.s3posture.testing.TestLocks;
import io.s3posture.testing.TestStack;
import io.s3posture.testing.VersioningPolicies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * No dashboard panel and no alert points at a metric that does not exist: drives the operator
 * through everything the queries look at (drift in Audit, a correction in Enforce, a missing
 * bucket, a policy that cannot be checked, an AccountPolicy) and checks that every metric name in
 * the dashboard's queries and in the alert rules is in a real scrape of /metrics.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ResourceLock(TestLocks.MOTO_ACCOUNT)
class DashboardMetricsIT {

  /**
   * Series Prometheus makes itself, not the operator: {@code up} is set per scrape target (the
   * operator-down alert reads it).
   */
  private static final Set<String> FROM_PROMETHEUS = Set.of("up");

  private static final Path SCRAPE_COPY = Path.of("target", "dashboard-metrics-scrape.txt");

  @RegisterExtension
  static final OperatorExtension running =
      OperatorExtension.inNamespace("dashboard")
          .accountPolicies()
          .changeEvents(moto -> ChangeEventQueue.alone(moto, "dashboard-events"))
          .managementEndpoint()
          .build();

  private final TestStack stack = running.stack();
  private final String namespace = running.namespace();
  private final OperatorUnderTest operator = running.operator();
  private final ManagementEndpoint endpoint = running.endpoint();
  private final Policies policies = running.policies();
  private final ChangeEventQueue events = running.queue();
  private final List<HasMetadata> created = new ArrayList<>();

  @BeforeAll
  void bindProcessMetrics() {
    ProcessMetrics.bindTo(operator.registry()); // as OperatorCommand does in the real process
  }

  @AfterAll
  void deleteCreated() {
    created.forEach(resource -> stack.kubernetes().resource(resource).delete());
  }

  @Test
  void everyMetricTheDashboardAndTheAlertsUseIsScraped() throws IOException {
    Set<String> used = MonitoringFiles.metricNamesUsed();
    assertThat(used)
        .as("names found in the dashboard and the rules (the extraction works)")
        .contains(
            "s3posture_policy_buckets",
            "s3posture_bucket_drift_since_timestamp_seconds",
            "s3posture_aws_api_call_duration_seconds_bucket",
            "s3posture_last_successful_check_timestamp_seconds",
            "s3posture_account_control_state",
            "jvm_memory_used_bytes",
            "up");
    String audited = bucket();
    String enforced = bucket();
    BucketPolicy audit =
        apply(VersioningPolicies.of(namespace, "audit", "Audit", List.of(audited)));
    BucketPolicy enforce =
        apply(VersioningPolicies.of(namespace, "enforce", "Enforce", List.of(enforced)));
    BucketPolicy missing =
        apply(
            VersioningPolicies.of(
                namespace,
                "missing",
                "Enforce",
                List.of(TestStack.uniqueBucketName("dashboard-gone"))));
    BucketPolicy unreachable =
        apply(
            VersioningPolicies.selecting(
                namespace, "unreachable", "dashboard-*", VersioningPolicies.UNREACHABLE_ENDPOINT));
    created.add(accountPolicy("dashboard-account-" + namespace));
    policies.awaitStatus(audit, p -> p.getStatus().buckets().drifted() == 1);
    policies.awaitStatus(enforce, p -> p.getStatus().buckets().compliant() == 1);
    policies.awaitStatus(missing, p -> p.getStatus().buckets().failed() == 1);
    policies.awaitStatus(unreachable, p -> notReady(p.getStatus().conditions()));
    // a change event checks a bucket: the change-event series exist once one was handled
    events.send(
        List.of(
            ChangeEventQueue.record(
                "PutBucketVersioning",
                enforced,
                "arn:aws:iam::" + TestStack.ACCOUNT_ID + ":user/x")));
    await()
        .atMost(Policies.TIMEOUT)
        .until(() -> operator.changeEvents(events.name(), "checked") == 1);

    Set<String> expected = new TreeSet<>(used);
    expected.removeAll(FROM_PROMETHEUS);
    await()
        .atMost(Policies.TIMEOUT)
        .untilAsserted(
            () -> {
              Scrape scrape = endpoint.scrape();
              Files.writeString(SCRAPE_COPY, scrape.text());
              assertThat(scrape.names())
                  .as("metric names in a real scrape (saved to %s)", SCRAPE_COPY)
                  .containsAll(expected);
            });
  }

  private String bucket() {
    return stack.seeder().bucket("dashboard");
  }

  private BucketPolicy apply(String manifest) {
    BucketPolicy policy = policies.apply(manifest);
    created.add(policy);
    return policy;
  }

  /** Audit only: reads moto's account-level block, never writes it (other tests use it). */
  private AccountPolicy accountPolicy(String name) {
    return new AccountPolicies(stack.kubernetes())
        .apply(AccountPolicies.manifest(name, "mode: Audit\npublicAccessBlock: {}"));
  }

  private static boolean notReady(List<Condition> conditions) {
    return conditions != null
        && conditions.stream()
            .anyMatch(c -> "Synced".equals(c.getType()) && "False".equals(c.getStatus()));
  }
}
