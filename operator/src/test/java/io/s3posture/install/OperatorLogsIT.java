package io.s3posture.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestStack;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shaded jar, run as the image runs it with the chart's {@code logFormat: json} passed as an
 * option after {@code run} (the way {@code extraArgs} arrive): every line it prints is one JSON
 * object with the logstash encoder's fields, a correction carries the bucket and control as fields,
 * and fabric8's "unstable version" warning about our own v1alpha1 kinds is gone.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorLogsIT {

  private TestStack stack;
  private String namespace;
  private ChartServiceAccount serviceAccount;
  private OperatorProcess operator;

  @BeforeAll
  void start(TestStack stack) {
    this.stack = stack;
    this.namespace = stack.createNamespace("logs");
    this.serviceAccount =
        ChartServiceAccount.install(
            stack,
            namespace,
            "watchNamespaces: [%s]\naccountPolicies: {enabled: false}\n".formatted(namespace));
    Path logs = Path.of("target", "operator-logs", namespace).toAbsolutePath();
    Map<String, String> settings =
        Map.of(
            "S3POSTURE_WATCH_NAMESPACES",
            namespace,
            "S3POSTURE_ACCOUNT_POLICIES",
            "false",
            "S3POSTURE_DEFAULT_ENDPOINT",
            stack.moto().endpoint().toString(),
            "AWS_ACCESS_KEY_ID",
            "test",
            "AWS_SECRET_ACCESS_KEY",
            "test",
            "AWS_REGION",
            TestStack.REGION);
    this.operator =
        OperatorProcess.start(
            "json-logs",
            serviceAccount.tokenKubeconfig(logs.resolve("kubeconfig")),
            settings,
            logs,
            List.of("--log-format=json"));
  }

  @AfterAll
  void stop() {
    try {
      if (operator != null) {
        operator.close();
      }
    } finally {
      if (serviceAccount != null) {
        serviceAccount.deleteClusterScoped();
      }
    }
  }

  @Test
  void everyLineIsAJsonEventAndCorrectionsCarryBucketAndControl() throws Exception {
    String bucket = TestStack.uniqueBucketName("logs");
    stack.s3().createBucket(r -> r.bucket(bucket));
    BucketPolicy policy =
        stack
            .kubernetes()
            .resources(BucketPolicy.class)
            .load(
                new ByteArrayInputStream(
                    Policies.manifest(
                            namespace,
                            "json-logs",
                            """
                            mode: Enforce
                            buckets:
                              names: [%s]
                            controls:
                              versioning: {}
                            """
                                .formatted(bucket))
                        .getBytes(StandardCharsets.UTF_8)))
            .item();
    stack.kubernetes().resource(policy).serverSideApply();

    List<JsonNode> events =
        await()
            .atMost(Policies.TIMEOUT)
            .until(
                this::events,
                found -> found.stream().anyMatch(e -> bucket.equals(e.path("bucket").asText())));

    assertThat(events)
        .allSatisfy(
            event -> {
              assertThat(event.path("@timestamp").asText()).isNotBlank();
              assertThat(event.path("level").asText()).isIn("INFO", "WARN", "ERROR");
              assertThat(event.path("logger_name").asText()).isNotBlank();
              assertThat(event.has("message")).isTrue();
            });
    assertThat(events)
        .filteredOn(e -> bucket.equals(e.path("bucket").asText()))
        .anySatisfy(
            correction -> {
              assertThat(correction.path("control").asText()).isEqualTo("versioning");
              assertThat(correction.path("message").asText()).startsWith("corrected versioning");
            });
    assertThat(Files.readString(operator.log()))
        .as("no 'unstable version' warning about s3posture.io/v1alpha1")
        .doesNotContain("unstable version");
  }

  /** The log so far, each line parsed; a line that is not a JSON object fails the test. */
  private List<JsonNode> events() throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> events = new ArrayList<>();
    for (String line : Files.readAllLines(operator.log())) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode event;
      try {
        event = json.readTree(line);
      } catch (Exception e) {
        throw new AssertionError("not a JSON log line: " + line, e);
      }
      assertThat(event.isObject()).as(line).isTrue();
      events.add(event);
    }
    return events;
  }
}
