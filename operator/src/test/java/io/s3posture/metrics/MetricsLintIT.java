package io.s3posture.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.install.OperatorProcess;
import io.s3posture.operator.Shard;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.Policies;
import io.s3posture.testing.Scrape;
import io.s3posture.testing.TestStack;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code promtool check metrics} passes on real scrapes: the operator runs as a process from the
 * shaded jar (its registry built as in production), checks and corrects a bucket, then sees its
 * policy deleted, and its /metrics is piped through the promtool {@code make tools} builds before
 * and after the deletion. Any lint problem fails the test: a family without help, a counter without
 * {@code _total}, a unit abbreviation, a gauge named {@code _count}.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsLintIT {

  /**
   * A shard no other test labels its policies with: the process owns only this test's policies,
   * AccountPolicies included (they are cluster-scoped), and still registers both controllers.
   */
  private static final Shard SHARD = new Shard(941, 1000);

  /** The last scrape, for a look after a failure (the one before the deletion next to it). */
  private static final Path SCRAPE_COPY = Path.of("target", "metrics-lint-scrape.txt");

  private TestStack stack;
  private String namespace;
  private OperatorProcess operator;

  @BeforeAll
  void start(TestStack stack) {
    this.stack = stack;
    this.namespace = stack.createNamespace("metrics-lint");
    Path logs = Path.of("target", "metrics-lint", namespace).toAbsolutePath();
    Map<String, String> settings =
        Map.of(
            "S3POSTURE_WATCH_NAMESPACES",
            namespace,
            "S3POSTURE_SHARD",
            Integer.toString(SHARD.index()),
            "S3POSTURE_SHARDS",
            Integer.toString(SHARD.count()),
            "S3POSTURE_DEFAULT_ENDPOINT",
            stack.moto().endpoint().toString(),
            "AWS_ACCESS_KEY_ID",
            "test",
            "AWS_SECRET_ACCESS_KEY",
            "test",
            "AWS_REGION",
            TestStack.REGION);
    this.operator =
        OperatorProcess.start("metrics-lint", stack.localStack().kubeconfig(), settings, logs);
  }

  @AfterAll
  void stop() {
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  void promtoolFindsNothingToLintInTheScrape() throws Exception {
    String bucket = TestStack.uniqueBucketName("metrics-lint");
    stack.s3().createBucket(r -> r.bucket(bucket));
    BucketPolicy policy = stack.kubernetes().resource(policy(bucket)).serverSideApply();
    await()
        .atMost(Policies.TIMEOUT)
        .until(
            () -> current(policy),
            p ->
                p != null
                    && p.getStatus() != null
                    && p.getStatus().buckets() != null
                    && p.getStatus().buckets().compliant() == 1);
    // while the policy exists: its own series (they go with it)
    Scrape governing =
        await()
            .atMost(Policies.TIMEOUT)
            .until(
                () -> Scrape.parse(operator.metrics()),
                scrape -> scrape.sum("s3posture_drift_corrected_total", "policy", "lint") == 1);
    Files.writeString(SCRAPE_COPY.resolveSibling("metrics-lint-governing.txt"), governing.text());
    assertThat(governing.names())
        .as("the families the lint covers")
        .contains(
            "operator_sdk_reconciliations_started_total",
            "operator_sdk_reconciliations_success_total",
            "operator_sdk_reconciliations_queue_size_bucketpolicy",
            "operator_sdk_reconciliations_executions_accountpolicy",
            "operator_sdk_controllers_execution_reconcile_seconds_bucket",
            "operator_sdk_events_received_total",
            "process_cpu_seconds_total",
            "system_cpus",
            "jvm_memory_used_bytes",
            "s3posture_policy_buckets",
            "s3posture_bucket_control_state",
            "s3posture_drift_corrected_total",
            "s3posture_aws_api_calls_total");
    Promtool.checkMetrics(governing.text());

    // after its deletion: what a deletion adds
    stack.kubernetes().resource(policy).delete();
    Scrape deleted =
        await()
            .atMost(Policies.TIMEOUT)
            .until(
                () -> Scrape.parse(operator.metrics()),
                scrape ->
                    scrape.sum("operator_sdk_events_delete_total", "kind", "BucketPolicy") >= 1);
    Files.writeString(SCRAPE_COPY, deleted.text());
    Promtool.checkMetrics(deleted.text());
  }

  private BucketPolicy current(BucketPolicy policy) {
    return stack.kubernetes().resource(policy).get();
  }

  private BucketPolicy policy(String bucket) {
    String yaml =
        """
        apiVersion: s3posture.io/v1alpha1
        kind: BucketPolicy
        metadata:
          name: lint
          namespace: %s
          labels:
            %s: "%d"
        spec:
          aws:
            region: %s
          mode: Enforce
          buckets:
            names: [%s]
          controls:
            versioning: {}
        """
            .formatted(namespace, Shard.LABEL, SHARD.index(), TestStack.REGION, bucket);
    return stack
        .kubernetes()
        .resources(BucketPolicy.class)
        .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
        .item();
  }
}
