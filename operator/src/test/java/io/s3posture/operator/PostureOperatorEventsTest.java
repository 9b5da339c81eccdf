package io.s3posture.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.s3posture.changes.ChangeEventMetrics;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Change events are built only when configured, and the source exists only once the operator leads
 * and has started: construction alone neither consumes nor exports the source's gauges (a follower
 * reporting "not receiving" forever would fire the alert).
 */
class PostureOperatorEventsTest {

  private static KubernetesClient client() {
    Config config = new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  @Test
  void withoutQueuesThereIsNoSource() {
    try (KubernetesClient client = client();
        PostureOperator operator =
            new PostureOperator(
                client,
                OperatorConfig.fromEnvironment(Map.of()),
                new SimpleMeterRegistry(),
                Clock.systemUTC())) {
      assertThat(operator.changeEvents()).isEmpty();
    }
  }

  @Test
  void configuredQueuesGiveNoSourceAndNoGaugesBeforeTheOperatorStarts() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    OperatorConfig config =
        OperatorConfig.fromEnvironment(
            Map.of(
                "S3POSTURE_EVENT_QUEUES",
                "[{\"url\": \"http://127.0.0.1:1/111122223333/s3-posture-events\","
                    + " \"region\": \"us-east-1\", \"endpoint\": \"http://127.0.0.1:1\"}]"));
    try (KubernetesClient client = client();
        PostureOperator operator =
            new PostureOperator(client, config, registry, Clock.systemUTC())) {
      assertThat(operator.changeEvents()).isEmpty();
      assertThat(registry.find(ChangeEventMetrics.RECEIVING).gauges()).isEmpty();
    }
  }
}
