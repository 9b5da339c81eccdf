package io.s3posture.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.s3posture.changes.ChangeEventSink.Disposition;
import io.s3posture.changes.EventQueue;
import io.s3posture.changes.QueueHealth;
import io.s3posture.changes.SourceSettings;
import io.s3posture.changes.SqsChangeEventSource;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The SQS gateway with the real SDK client against SQS's wire format (a stub, for errors). */
class SdkQueueGatewayTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final StubSqsServer stub = new StubSqsServer();
  private final AwsClientFactory clients = new AwsClientFactory(List.of(), 1);
  private final QueueGateway gateway =
      clients.queueGateway(
          AwsTarget.of("us-east-1").withEndpoint(stub.endpoint()), stub.queueUrl());

  @AfterEach
  void close() {
    clients.close();
    stub.close();
  }

  @Test
  void receivesWithLongPollingAndReadsTheReceiveCount() throws Exception {
    stub.answer(
        "{\"Messages\":[{\"MessageId\":\"m-1\",\"ReceiptHandle\":\"r-1\",\"MD5OfBody\":"
            + "\"5d41402abc4b2a76b9719d911017c592\",\"Body\":\"hello\","
            + "\"Attributes\":{\"ApproximateReceiveCount\":\"3\"}}]}");

    List<QueueMessage> messages =
        gateway.receive(10, Duration.ofSeconds(20), Duration.ofMinutes(5));

    assertThat(messages).containsExactly(new QueueMessage("m-1", "r-1", "hello", 3));
    StubSqsServer.Request request = stub.requests().get(0);
    assertThat(request.target()).isEqualTo("AmazonSQS.ReceiveMessage");
    JsonNode body = JSON.readTree(request.body());
    assertThat(body.path("QueueUrl").asText()).isEqualTo(stub.queueUrl());
    assertThat(body.path("MaxNumberOfMessages").asInt()).isEqualTo(10);
    assertThat(body.path("WaitTimeSeconds").asInt()).isEqualTo(20);
    assertThat(body.path("VisibilityTimeout").asInt()).isEqualTo(300);
  }

  @Test
  void accessDeniedIsClassified() {
    stub.denyAccess();
    assertThatThrownBy(() -> gateway.receive(10, Duration.ofSeconds(1), Duration.ofMinutes(5)))
        .isInstanceOfSatisfying(
            AwsFailure.class,
            failure -> {
              assertThat(failure.kind()).isEqualTo(FailureKind.ACCESS_DENIED);
              assertThat(failure.operation()).isEqualTo("ReceiveMessage");
              assertThat(failure.getMessage()).contains("not authorized to perform");
            });
  }

  @Test
  void deleteBatchReportsTheMessagesSqsDidNotDelete() throws Exception {
    stub.answer(
        "{\"Successful\":[{\"Id\":\"m0\"}],\"Failed\":[{\"Id\":\"m1\",\"SenderFault\":true,"
            + "\"Code\":\"ReceiptHandleIsInvalid\",\"Message\":\"expired\"}]}");

    List<String> notDeleted =
        gateway.delete(
            List.of(new QueueMessage("a", "ra", "{}", 1), new QueueMessage("b", "rb", "{}", 1)));

    assertThat(notDeleted).containsExactly("b");
    StubSqsServer.Request request = stub.requests().get(0);
    assertThat(request.target()).isEqualTo("AmazonSQS.DeleteMessageBatch");
    JsonNode entries = JSON.readTree(request.body()).path("Entries");
    assertThat(entries).hasSize(2);
    assertThat(entries.get(1).path("ReceiptHandle").asText()).isEqualTo("rb");
  }

  @Test
  void theSourceShowsAccessDeniedAndRecoversWhenAccessIsGranted() {
    stub.denyAccess();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    EventQueue queue =
        EventQueue.of("events", URI.create(stub.queueUrl()), "us-east-1")
            .withEndpoint(stub.endpoint());
    try (SqsChangeEventSource source =
        SqsChangeEventSource.create(
            List.of(queue),
            clients,
            SourceSettings.defaults()
                .withLongPoll(Duration.ZERO)
                .withBackoff(Duration.ofMillis(20), Duration.ofMillis(100)),
            registry,
            Clock.systemUTC())) {
      source.start(event -> CompletableFuture.completedFuture(Disposition.CHECKED));

      await().until(() -> source.health().get(0).consecutiveFailures() >= 3);
      QueueHealth denied = source.health().get(0);
      assertThat(denied.receiving()).isFalse();
      assertThat(denied.lastError())
          .hasValueSatisfying(e -> assertThat(e).startsWith("AccessDenied: "));

      stub.answer("{}");
      await().until(() -> source.health().get(0).receiving());
      assertThat(source.health().get(0).consecutiveFailures()).isZero();
    }
  }
}
