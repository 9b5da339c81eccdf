package io.s3posture.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.s3posture.changes.EventQueue;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OperatorConfigTest {

  @Test
  void defaults() {
    OperatorConfig config = OperatorConfig.fromEnvironment(Map.of());
    assertThat(config.managementPort()).isEqualTo(8080);
    assertThat(config.watchNamespaces()).isEmpty();
    assertThat(config.leaderElection()).isFalse();
    assertThat(config.metricsBucketLabel()).isTrue();
    assertThat(config.accountPolicies()).isTrue();
    assertThat(config.defaultEndpoint()).isEmpty();
    assertThat(config.eventQueues()).as("change events off").isEmpty();
    assertThat(config.reports()).as("OpenReports Reports off").isFalse();
    assertThat(config.reportsCrdRecheck()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void readsTheReportsSettings() {
    OperatorConfig config =
        OperatorConfig.fromEnvironment(
            Map.of("S3POSTURE_REPORTS", "true", "S3POSTURE_REPORTS_CRD_RECHECK_SECONDS", "60"));
    assertThat(config.reports()).isTrue();
    assertThat(config.reportsCrdRecheck()).isEqualTo(Duration.ofMinutes(1));
    assertThat(
            OperatorConfig.fromEnvironment(Map.of()).withReports(Duration.ofSeconds(2)).reports())
        .isTrue();
  }

  @Test
  void readsTheEventQueues() {
    OperatorConfig config =
        OperatorConfig.fromEnvironment(
            Map.of(
                "S3POSTURE_EVENT_QUEUES",
                "[{\"url\": \"https://sqs.eu-west-1.amazonaws.com/111122223333/s3-events\"},"
                    + " {\"url\": \"https://sqs.us-east-1.amazonaws.com/444455556666/s3-events\","
                    + " \"name\": \"prod\","
                    + " \"roleArn\": \"arn:aws:iam::444455556666:role/s3-posture-events\"}]"));
    assertThat(config.eventQueues())
        .extracting(EventQueue::name, EventQueue::region, EventQueue::roleArn)
        .containsExactly(
            tuple("s3-events", "eu-west-1", Optional.empty()),
            tuple(
                "prod",
                "us-east-1",
                Optional.of("arn:aws:iam::444455556666:role/s3-posture-events")));
  }

  @Test
  void readsEverySetting() {
    OperatorConfig config =
        OperatorConfig.fromEnvironment(
            Map.of(
                "S3POSTURE_MANAGEMENT_PORT", "9090",
                "S3POSTURE_WATCH_NAMESPACES", "team-a, team-b,",
                "S3POSTURE_LEADER_ELECTION", "true",
                "POD_NAMESPACE", "operators",
                "S3POSTURE_METRICS_BUCKET_LABEL", "false",
                "S3POSTURE_BUCKET_CONCURRENCY", "16",
                "S3POSTURE_DEFAULT_ENDPOINT", "http://127.0.0.1:5000",
                "S3POSTURE_ACCOUNT_POLICIES", "no"));
    assertThat(config.managementPort()).isEqualTo(9090);
    assertThat(config.watchNamespaces()).isEqualTo(Set.of("team-a", "team-b"));
    assertThat(config.leaderElection()).isTrue();
    assertThat(config.leaseNamespace()).isEqualTo("operators");
    assertThat(config.metricsBucketLabel()).isFalse();
    assertThat(config.bucketConcurrency()).isEqualTo(16);
    assertThat(config.defaultEndpoint())
        .isEqualTo(Optional.of(URI.create("http://127.0.0.1:5000")));
    assertThat(config.accountPolicies()).isFalse();
  }

  @Test
  void rejectsMalformedValuesNamingTheVariable() {
    assertThatThrownBy(
            () -> OperatorConfig.fromEnvironment(Map.of("S3POSTURE_MANAGEMENT_PORT", "http")))
        .hasMessageContaining("S3POSTURE_MANAGEMENT_PORT");
    assertThatThrownBy(
            () -> OperatorConfig.fromEnvironment(Map.of("S3POSTURE_LEADER_ELECTION", "maybe")))
        .hasMessageContaining("S3POSTURE_LEADER_ELECTION must be true or false");
    assertThatThrownBy(
            () ->
                OperatorConfig.fromEnvironment(
                    Map.of("S3POSTURE_EVENT_QUEUES", "[{\"url\": \"https://example.com/q\"}]")))
        .hasMessageContaining("S3POSTURE_EVENT_QUEUES[0].url");
  }
}
