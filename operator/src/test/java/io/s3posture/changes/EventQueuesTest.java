package io.s3posture.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventQueuesTest {

  @Test
  void absentOrBlankMeansNoQueues() {
    assertThat(EventQueues.parse(null)).isEmpty();
    assertThat(EventQueues.parse("  ")).isEmpty();
    assertThat(EventQueues.parse("[]")).isEmpty();
  }

  @Test
  void readsQueuesWithDefaults() {
    List<EventQueue> queues =
        EventQueues.parse(
            """
            [{"url": "https://sqs.eu-west-1.amazonaws.com/111122223333/s3-posture-events"},
             {"url": "https://sqs.us-east-1.amazonaws.com/444455556666/s3-posture-events",
              "name": "prod", "roleArn": "arn:aws:iam::444455556666:role/s3-posture-events",
              "externalId": "e-123"},
             {"url": "http://127.0.0.1:5000/123456789012/events", "region": "us-east-1",
              "endpoint": "http://127.0.0.1:5000"}]
            """);
    assertThat(queues)
        .containsExactly(
            EventQueue.of(
                "s3-posture-events",
                URI.create("https://sqs.eu-west-1.amazonaws.com/111122223333/s3-posture-events"),
                "eu-west-1"),
            EventQueue.of(
                    "prod",
                    URI.create(
                        "https://sqs.us-east-1.amazonaws.com/444455556666/s3-posture-events"),
                    "us-east-1")
                .withRole("arn:aws:iam::444455556666:role/s3-posture-events", "e-123"),
            EventQueue.of(
                    "events", URI.create("http://127.0.0.1:5000/123456789012/events"), "us-east-1")
                .withEndpoint(URI.create("http://127.0.0.1:5000")));
    assertThat(queues.get(1).target().roleArn())
        .contains("arn:aws:iam::444455556666:role/s3-posture-events");
    assertThat(queues.get(2).target().endpoint())
        .isEqualTo(Optional.of(URI.create("http://127.0.0.1:5000")));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"url\": \"x\"} | S3POSTURE_EVENT_QUEUES must be a JSON list of queues",
        "[{\"url\": | S3POSTURE_EVENT_QUEUES is not valid JSON",
        "[\"https://sqs.eu-west-1.amazonaws.com/111122223333/q\"]"
            + " | S3POSTURE_EVENT_QUEUES[0] must be an object with a \"url\"",
        "[{}] | S3POSTURE_EVENT_QUEUES[0]: \"url\" is required",
        "[{\"url\": \"sqs/q\"}] | S3POSTURE_EVENT_QUEUES[0].url: 'sqs/q' is not an http(s) URL",
        "[{\"url\": \"https://sqs.eu-west-1.amazonaws.com/q\"}]"
            + " | S3POSTURE_EVENT_QUEUES[0].url: 'https://sqs.eu-west-1.amazonaws.com/q' is not a"
            + " queue URL (https://HOST/ACCOUNT_ID/QUEUE_NAME)",
        "[{\"url\": \"http://localhost:4566/000000000000/q\"}]"
            + " | S3POSTURE_EVENT_QUEUES[0]: \"region\" is required (the URL does not name one)",
        "[{\"url\": \"https://sqs.eu-west-1.amazonaws.com/111122223333/q\", \"region\": \"us-east-1\"}]"
            + " | S3POSTURE_EVENT_QUEUES[0].region: 'us-east-1' but the URL is in eu-west-1",
        "[{\"url\": \"http://localhost:4566/000000000000/q\", \"region\": \"Frankfurt\"}]"
            + " | S3POSTURE_EVENT_QUEUES[0].region: 'Frankfurt' is not a region",
        "[{\"url\": \"https://sqs.eu-west-1.amazonaws.com/111122223333/q\", \"roleArn\": \"admin\"}]"
            + " | S3POSTURE_EVENT_QUEUES[0].roleArn: 'admin' is not an IAM role ARN",
        "[{\"url\": \"https://sqs.eu-west-1.amazonaws.com/111122223333/q\", \"externalId\": \"x\"}]"
            + " | S3POSTURE_EVENT_QUEUES[0].externalId needs a roleArn",
        "[{\"url\": \"https://sqs.eu-west-1.amazonaws.com/111122223333/q\", \"regoin\": \"x\"}]"
            + " | S3POSTURE_EVENT_QUEUES[0]: unknown field \"regoin\"",
        "[{\"url\": \"https://sqs.eu-west-1.amazonaws.com/111122223333/q\", \"name\": \"a b\"}]"
            + " | S3POSTURE_EVENT_QUEUES[0].name: 'a b' must be 1-80 letters",
        "[{\"url\": \"https://sqs.eu-west-1.amazonaws.com/111122223333/q\", \"region\": 1}]"
            + " | S3POSTURE_EVENT_QUEUES[0].region must be a string",
        "[{\"url\": \"https://sqs.eu-west-1.amazonaws.com/111122223333/q\"},"
            + " {\"url\": \"https://sqs.us-east-1.amazonaws.com/444455556666/q\"}]"
            + " | S3POSTURE_EVENT_QUEUES[1]: another queue is also named 'q': set a distinct"
            + " \"name\"",
      })
  void rejectsMistakesWithTheEntryAndField(String value, String message) {
    assertThatThrownBy(() -> EventQueues.parse(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }
}
