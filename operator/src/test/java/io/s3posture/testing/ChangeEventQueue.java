package io.s3posture.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s3posture.changes.EventQueue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * An SQS queue in moto fed, as docs/events.md sets it up, by an EventBridge rule on the default bus
 * with the pattern of docs/event-pattern.json; and CloudTrail-shaped S3 events to publish through
 * it (PutEvents with source {@code aws.s3}: moto accepts the prefix AWS reserves for its services)
 * or to send straight to the queue as the bodies the rule delivers. Shared by the integration
 * tests, the dashboard's metrics test and the change-event benchmark. Publishing reaches every rule
 * on moto's default bus: hold {@link TestLocks#EVENTBRIDGE_DEFAULT_BUS}.
 */
public final class ChangeEventQueue implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API_CALL = "AWS API Call via CloudTrail";

  private final SqsClient sqs;
  private final EventBridgeClient eventBridge;
  private final URI moto;
  private final String name;
  private final String url;
  private final boolean withRule;

  private ChangeEventQueue(URI moto, String name, boolean withRule) {
    this.moto = moto;
    this.name = name;
    this.withRule = withRule;
    this.sqs = SqsClient.builder().region(Region.US_EAST_1).endpointOverride(moto).build();
    this.eventBridge =
        EventBridgeClient.builder().region(Region.US_EAST_1).endpointOverride(moto).build();
    this.url = sqs.createQueue(r -> r.queueName(name)).queueUrl();
    if (withRule) {
      String arn =
          sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
              .attributes()
              .get(QueueAttributeName.QUEUE_ARN);
      eventBridge.putRule(r -> r.name(name).eventPattern(pattern()));
      eventBridge.putTargets(r -> r.rule(name).targets(t -> t.id("queue").arn(arn)));
    }
  }

  /** A queue with the documented rule in front of it. */
  public static ChangeEventQueue withRule(URI moto, String prefix) {
    return new ChangeEventQueue(moto, TestStack.uniqueBucketName(prefix), true);
  }

  /** A queue alone: events are sent to it straight (no rule, no default-bus lock needed). */
  public static ChangeEventQueue alone(URI moto, String prefix) {
    return new ChangeEventQueue(moto, TestStack.uniqueBucketName(prefix), false);
  }

  /** The operator's configuration of this queue (S3POSTURE_EVENT_QUEUES entry). */
  public EventQueue config() {
    return EventQueue.of(name, URI.create(url), TestStack.REGION).withEndpoint(moto);
  }

  /** The same as the value of S3POSTURE_EVENT_QUEUES, for an operator process. */
  public String environmentValue() {
    return JSON.createArrayNode()
        .add(
            JSON.createObjectNode()
                .put("url", url)
                .put("region", TestStack.REGION)
                .put("endpoint", moto.toString()))
        .toString();
  }

  public String name() {
    return name;
  }

  public String url() {
    return url;
  }

  /**
   * The record CloudTrail writes for a successful S3 call in moto's account and region, by an IAM
   * user or role session ({@code principal}), now.
   */
  public static ObjectNode record(String eventName, Optional<String> bucket, String principal) {
    ObjectNode record = JSON.createObjectNode();
    record.put("eventVersion", "1.09");
    ObjectNode identity = record.putObject("userIdentity");
    identity.put("type", principal.contains(":assumed-role/") ? "AssumedRole" : "IAMUser");
    identity.put("arn", principal);
    identity.put("accountId", TestStack.ACCOUNT_ID);
    record.put("eventTime", Instant.now().toString());
    record.put("eventSource", "s3.amazonaws.com");
    record.put("eventName", eventName);
    record.put("awsRegion", TestStack.REGION);
    record.put("sourceIPAddress", "203.0.113.7");
    ObjectNode parameters = record.putObject("requestParameters");
    bucket.ifPresent(b -> parameters.put("bucketName", b));
    record.put("eventID", UUID.randomUUID().toString());
    record.put("readOnly", false);
    record.put("eventType", "AwsApiCall");
    record.put("managementEvent", true);
    record.put("recipientAccountId", TestStack.ACCOUNT_ID);
    return record;
  }

  /** A bucket-level call's record. */
  public static ObjectNode record(String eventName, String bucket, String principal) {
    return record(eventName, Optional.of(bucket), principal);
  }

  /** The record of a call that failed ({@code errorCode}): it changed nothing. */
  public static ObjectNode failed(ObjectNode record, String errorCode) {
    record.put("errorCode", errorCode);
    record.put("errorMessage", errorCode);
    return record;
  }

  /** Puts records on the default bus as CloudTrail does; the rule sends the matching ones here. */
  public void publish(ObjectNode... records) {
    List<PutEventsRequestEntry> entries = new ArrayList<>();
    for (ObjectNode record : records) {
      entries.add(
          PutEventsRequestEntry.builder()
              .source("aws.s3")
              .detailType(API_CALL)
              .detail(record.toString())
              .build());
    }
    PutEventsResponse response = eventBridge.putEvents(r -> r.entries(entries));
    if (response.failedEntryCount() > 0) {
      throw new IllegalStateException("moto refused events: " + response.entries());
    }
  }

  /** Sends records straight to the queue, as the EventBridge events the rule delivers. */
  public void send(List<ObjectNode> records) {
    for (int from = 0; from < records.size(); from += 10) {
      List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
      for (int i = from; i < Math.min(from + 10, records.size()); i++) {
        entries.add(
            SendMessageBatchRequestEntry.builder()
                .id("m" + i)
                .messageBody(envelope(records.get(i)).toString())
                .build());
      }
      if (!sqs.sendMessageBatch(r -> r.queueUrl(url).entries(entries)).failed().isEmpty()) {
        throw new IllegalStateException("moto refused messages");
      }
    }
  }

  /** Sends a raw message body (malformed or foreign messages). */
  public void sendBody(String body) {
    sqs.sendMessage(r -> r.queueUrl(url).messageBody(body));
  }

  /** Messages received and not yet deleted: hidden until their visibility timeout ends. */
  public int inFlight() {
    return Integer.parseInt(
        sqs.getQueueAttributes(
                r ->
                    r.queueUrl(url)
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes()
            .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  /** Messages in the queue, visible or in flight. */
  public int messages() {
    Map<QueueAttributeName, String> attributes =
        sqs.getQueueAttributes(
                r ->
                    r.queueUrl(url)
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes();
    return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Integer.parseInt(
            attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  /** The body an SQS target of the rule receives: the EventBridge event around the record. */
  private static ObjectNode envelope(ObjectNode record) {
    ObjectNode event = JSON.createObjectNode();
    event.put("version", "0");
    event.put("id", UUID.randomUUID().toString());
    event.put("detail-type", API_CALL);
    event.put("source", "aws.s3");
    event.put("account", TestStack.ACCOUNT_ID);
    event.put("time", record.get("eventTime").asText());
    event.put("region", TestStack.REGION);
    event.putArray("resources");
    event.set("detail", record);
    return event;
  }

  private static String pattern() {
    // tests run in operator/, tools such as the benchmark from the repository root
    Path file =
        Files.exists(Path.of("..", "docs", "event-pattern.json"))
            ? Path.of("..", "docs", "event-pattern.json")
            : Path.of("docs", "event-pattern.json");
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (withRule) {
      eventBridge.removeTargets(r -> r.rule(name).ids("queue"));
      eventBridge.deleteRule(r -> r.name(name));
    }
    sqs.deleteQueue(r -> r.queueUrl(url));
    sqs.close();
    eventBridge.close();
  }
}
