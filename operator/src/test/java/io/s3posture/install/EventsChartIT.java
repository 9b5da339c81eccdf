package io.s3posture.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.s3posture.changes.EventQueue;
import io.s3posture.operator.OperatorConfig;
import io.s3posture.testing.CommandResult;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.TestStack;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The chart's {@code events} values reach the operator's configuration as they were written. */
@ExtendWith(LocalStackExtension.class)
class EventsChartIT {

  private static final String VALUES =
      """
      events:
        enabled: true
        queues:
          - url: https://sqs.eu-west-1.amazonaws.com/111122223333/s3-posture-events
          - url: https://sqs.us-east-1.amazonaws.com/444455556666/s3-posture-events
            name: prod-us-east-1
            roleArn: arn:aws:iam::444455556666:role/s3-posture-events
            externalId: s3-posture
      """;

  private final HelmChart chart = HelmChart.locate();

  @Test
  void theQueuesBecomeTheOperatorsEventQueues(TestStack stack) {
    Map<String, String> env = operatorEnv(stack, VALUES);
    OperatorConfig config = OperatorConfig.fromEnvironment(env);
    assertThat(config.eventQueues())
        .extracting(
            EventQueue::name, EventQueue::region, EventQueue::roleArn, EventQueue::externalId)
        .containsExactly(
            tuple("s3-posture-events", "eu-west-1", Optional.empty(), Optional.empty()),
            tuple(
                "prod-us-east-1",
                "us-east-1",
                Optional.of("arn:aws:iam::444455556666:role/s3-posture-events"),
                Optional.of("s3-posture")));
  }

  @Test
  void eventsAreOffByDefaultAndWhenDisabled(TestStack stack) {
    assertThat(operatorEnv(stack, "")).doesNotContainKey("S3POSTURE_EVENT_QUEUES");
    assertThat(operatorEnv(stack, VALUES.replace("enabled: true", "enabled: false")))
        .doesNotContainKey("S3POSTURE_EVENT_QUEUES");
  }

  @Test
  void theSchemaRejectsEventsWithoutQueuesAndUnknownQueueFields() {
    assertRejected("events:\n  enabled: true\n", "at '/events/queues': minItems: got 0, want 1");
    assertRejected(
        "events:\n  enabled: true\n  queues:\n"
            + "    - url: https://sqs.eu-west-1.amazonaws.com/111122223333/q\n"
            + "      regoin: eu-west-1\n",
        "additional properties 'regoin' not allowed");
    assertRejected(
        "events:\n  enabled: true\n  queues:\n    - url: s3-posture-events\n",
        "at '/events/queues/0/url'");
  }

  private void assertRejected(String values, String message) {
    CommandResult result = chart.template("events", "ns", values);
    assertThat(result.exitCode()).as("helm template with %s", values).isNotZero();
    assertThat(result.stderr())
        .contains("values don't meet the specifications of the schema")
        .contains(message);
  }

  private Map<String, String> operatorEnv(TestStack stack, String values) {
    List<HasMetadata> objects = chart.render(stack.kubernetes(), "r", "ns", values);
    Deployment deployment =
        objects.stream()
            .filter(Deployment.class::isInstance)
            .map(Deployment.class::cast)
            .findFirst()
            .orElseThrow();
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }
}
