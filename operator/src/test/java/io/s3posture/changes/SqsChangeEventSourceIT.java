package io.s3posture.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.s3posture.aws.AwsClientFactory;
import io.s3posture.changes.ChangeEventSink.Disposition;
import io.s3posture.localstack.LoopbackPorts;
import io.s3posture.metrics.AwsCallMetrics;
import io.s3posture.testing.ChangeEventQueue;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.TestLocks;
import io.s3posture.testing.TestStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source against moto's SQS and EventBridge: an EventBridge rule on the default bus with the
 * event pattern of docs/event-pattern.json targets a queue; CloudTrail-shaped events are published
 * with PutEvents (source {@code aws.s3}: moto accepts the {@code aws.} prefix, which AWS reserves
 * for its services) and must arrive parsed in a real sink, and be deleted.
 */
@ExtendWith(LocalStackExtension.class)
@ResourceLock(TestLocks.EVENTBRIDGE_DEFAULT_BUS)
class SqsChangeEventSourceIT {

  private static final Logger LOG = LoggerFactory.getLogger(SqsChangeEventSourceIT.class);

  /**
   * How long each step of the burst may take: 1,000 messages through moto's SQS take about 50 s
   * alone, and several minutes while the other ITs share moto (one Python process) and the
   * machine's 2 cores (sending them took 118 s once, and receiving the first 20 more than 10 s).
   */
  private static final Duration BURST = Duration.ofMinutes(6);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final TestStack stack;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AwsClientFactory aws =
      new AwsClientFactory(List.of(new AwsCallMetrics(registry)), 3);
  private final List<AutoCloseable> cleanup = new ArrayList<>();
  private ChangeEventQueue queue;
  private String queueName;

  SqsChangeEventSourceIT(TestStack stack) {
    this.stack = stack;
  }

  @BeforeEach
  void queueAndRule() {
    queue = ChangeEventQueue.withRule(stack.moto().endpoint(), "s3-posture-events");
    queueName = queue.name();
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (AutoCloseable closeable : cleanup) {
      closeable.close();
    }
    aws.close();
    queue.close();
  }

  @Test
  void anEventPublishedThroughEventBridgeReachesTheSinkParsedAndIsDeleted() {
    RecordingSink sink = RecordingSink.answering(Disposition.CHECKED);
    SqsChangeEventSource source = start(SourceSettings.defaults(), sink);
    String bucket = TestStack.uniqueBucketName("ledger");

    Instant published = Instant.now();
    publish(cloudTrailRecord("PutBucketEncryption", bucket));
    // the rule's pattern filters: a read is not delivered
    publish(cloudTrailRecord("GetBucketEncryption", bucket));

    await().until(() -> sink.events().size() == 1);
    LOG.info(
        "PutEvents to sink: {} ms",
        Duration.between(published, sink.events().get(0).receivedAt()).toMillis());
    ChangeEvent event = sink.events().get(0);
    assertThat(event.eventName()).isEqualTo("PutBucketEncryption");
    assertThat(event.eventSource()).isEqualTo("s3.amazonaws.com");
    assertThat(event.bucket()).contains(bucket);
    assertThat(event.accountId()).isEqualTo("111122223333");
    assertThat(event.region()).isEqualTo("eu-west-1");
    assertThat(event.principalArn())
        .contains("arn:aws:sts::111122223333:assumed-role/RoleToBeAssumed/MySessionName");
    assertThat(event.sessionIssuerArn())
        .contains("arn:aws:iam::111122223333:role/admin/RoleToBeAssumed");
    assertThat(event.queue()).isEqualTo(queueName);
    await().until(this::queueIsEmpty);
    await().until(() -> received("checked") == 1);
    Timer latency = registry.find(ChangeEventMetrics.LATENCY).tag("queue", queueName).timer();
    assertThat(latency.count()).isEqualTo(1);
    assertThat(source.health())
        .singleElement()
        .satisfies(
            health -> {
              assertThat(health.receiving()).isTrue();
              assertThat(health.lastReceiveSuccess()).isPresent();
              assertThat(health.lastMessage()).isPresent();
              assertThat(health.inFlight()).isZero();
            });
    assertThat(sink.events()).as("the GetBucketEncryption event never matched the rule").hasSize(1);
    LOG.info(
        "SQS calls: {}",
        registry.find(AwsCallMetrics.CALLS).counters().stream()
            .map(
                c ->
                    c.getId().getTag("service")
                        + "/"
                        + c.getId().getTag("operation")
                        + "/"
                        + c.getId().getTag("outcome")
                        + "="
                        + (long) c.count())
            .toList());
  }

  @Test
  void malformedAndUnsupportedMessagesAreCountedAndDeletedAndTheQueueKeepsFlowing() {
    RecordingSink sink = RecordingSink.answering(Disposition.NO_POLICY);
    start(SourceSettings.defaults(), sink);
    String bucket = TestStack.uniqueBucketName("flowing");

    send("{not json");
    send("");
    send("[\"a list\"]");
    send(ChangeEventParserTest.resource("s3-object-created.json"));
    send(ChangeEventParserTest.resource("sns-notification.json"));
    send(cloudTrailRecord("DeleteBucketPolicy", bucket).toString());
    publish(cloudTrailRecord("PutBucketPolicy", bucket));

    await().until(() -> sink.events().size() == 2);
    assertThat(sink.events())
        .extracting(ChangeEvent::eventName)
        .containsExactlyInAnyOrder("DeleteBucketPolicy", "PutBucketPolicy");
    await().until(this::queueIsEmpty);
    await().until(() -> received("no_policy") == 2);
    assertThat(received("malformed")).isEqualTo(3);
    assertThat(received("unsupported")).isEqualTo(2);
  }

  @Test
  void aFailedSinkLeavesTheMessageInTheQueueUntilItsVisibilityTimeoutEnds() {
    Set<String> failedOnce = ConcurrentHashMap.newKeySet();
    RecordingSink sink =
        RecordingSink.with(
            event ->
                failedOnce.add(event.eventId())
                    ? CompletableFuture.failedFuture(new IllegalStateException("engine busy"))
                    : CompletableFuture.completedFuture(Disposition.CHECKED));
    start(SourceSettings.defaults().withVisibilityTimeout(Duration.ofSeconds(2)), sink);

    publish(cloudTrailRecord("PutBucketVersioning", TestStack.uniqueBucketName("versioned")));

    await().until(() -> received(ChangeEventMetrics.FAILED) == 1);
    assertThat(queue.messages()).as("still there, invisible for now").isEqualTo(1);
    await().atMost(Duration.ofSeconds(30)).until(() -> sink.events().size() == 2);
    assertThat(sink.events().get(1).eventId()).isEqualTo(sink.events().get(0).eventId());
    await().until(this::queueIsEmpty);
    assertThat(received("checked")).isEqualTo(1);
  }

  @Test
  void whenSqsIsUnreachableTheSourceBacksOffAndRecoversWhenItIsReachableAgain() {
    int port = LoopbackPorts.free();
    URI closed = URI.create("http://127.0.0.1:" + port);
    RecordingSink sink = RecordingSink.answering(Disposition.CHECKED);
    SqsChangeEventSource source =
        start(
            SourceSettings.defaults().withBackoff(Duration.ofMillis(200), Duration.ofSeconds(2)),
            sink,
            closed);

    await().until(() -> source.health().get(0).consecutiveFailures() >= 2);
    QueueHealth down = source.health().get(0);
    assertThat(down.receiving()).isFalse();
    assertThat(down.lastReceiveSuccess()).isEmpty();
    assertThat(down.lastError())
        .hasValueSatisfying(error -> assertThat(error).startsWith("NetworkError: "));
    assertThat(gauge(ChangeEventMetrics.RECEIVING)).isZero();

    publish(cloudTrailRecord("PutBucketAcl", TestStack.uniqueBucketName("acl")));
    URI moto = stack.moto().endpoint();
    cleanup.add(TcpForwarder.open(port, moto.getHost(), moto.getPort()));

    await().atMost(Duration.ofSeconds(30)).until(() -> sink.events().size() == 1);
    await().until(this::queueIsEmpty);
    assertThat(source.health().get(0).receiving()).isTrue();
    assertThat(source.health().get(0).consecutiveFailures()).isZero();
    assertThat(gauge(ChangeEventMetrics.RECEIVING)).isEqualTo(1.0);
  }

  /**
   * 1,000 events for 100 buckets, sent straight to the queue as the bodies the rule delivers:
   * moto's PutEvents costs 0.1-0.3 s per event delivered to an SQS target (it builds a JSONPath
   * parser for every delivery), too slow for a burst, and the burst is about consuming.
   */
  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES) // the default 5 minutes is less than its steps
  void aBurstOfAThousandEventsIsConsumedWithBoundedInFlight() {
    Instant started = Instant.now();
    List<ObjectNode> burst = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      burst.add(cloudTrailRecord("PutBucketAcl", "burst-" + (i % 100)));
    }
    queue.send(burst);
    Instant sent = Instant.now();

    // the first 20 events are held until the test has seen the limit reached
    int maxInFlight = 20;
    Executor later = CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS);
    RecordingSink sink = RecordingSink.holding();
    sink.answer(
        event ->
            sink.events().size() <= maxInFlight
                ? sink.hold()
                : CompletableFuture.supplyAsync(() -> Disposition.CHECKED, later));
    start(SourceSettings.defaults().withMaxInFlight(maxInFlight), sink);

    await().atMost(BURST).until(() -> sink.outstanding() == maxInFlight);
    assertThat(notVisible()).as("the queue hides exactly the messages in flight").isEqualTo(20);
    assertThat(sink.events()).hasSize(maxInFlight);
    sink.completeHeld(Disposition.CHECKED);

    await()
        .atMost(BURST)
        .untilAsserted(
            () ->
                assertThat(sink.events().size()).as("events handled").isGreaterThanOrEqualTo(1000));
    await().atMost(BURST).until(this::queueIsEmpty);
    Instant drained = Instant.now();
    Set<String> ids = sink.events().stream().map(ChangeEvent::eventId).collect(Collectors.toSet());
    assertThat(ids).hasSize(1000);
    // SQS delivers at least once, and moto's server can hand one message to two of the concurrent
    // receives of a backlog (1 of 1,000 in a run): a duplicate costs one more check, nothing else
    assertThat(sink.events().size()).as("events delivered twice").isBetween(1000, 1010);
    assertThat(sink.events().stream().map(e -> e.bucket().orElseThrow()).distinct()).hasSize(100);
    assertThat(sink.maxOutstanding()).isEqualTo(maxInFlight);
    await().atMost(BURST).until(() -> received("checked") >= 1000);
    LOG.info(
        "burst: 1000 messages sent to the queue in {} ms; all handled and deleted {} ms after the"
            + " last send (first 20 held until checked); at most {} in flight; {} ReceiveMessage"
            + " and {} DeleteMessageBatch calls",
        Duration.between(started, sent).toMillis(),
        Duration.between(sent, drained).toMillis(),
        sink.maxOutstanding(),
        sqsCalls("ReceiveMessage"),
        sqsCalls("DeleteMessageBatch"));
    assertThat(sqsCalls("DeleteMessageBatch")).as("deletes are batched").isLessThan(500);
  }

  private SqsChangeEventSource start(SourceSettings settings, RecordingSink sink) {
    return start(settings, sink, stack.moto().endpoint());
  }

  private SqsChangeEventSource start(SourceSettings settings, RecordingSink sink, URI endpoint) {
    EventQueue config =
        EventQueue.of(queueName, URI.create(queue.url()), "us-east-1").withEndpoint(endpoint);
    SqsChangeEventSource source =
        SqsChangeEventSource.create(List.of(config), aws, settings, registry, Clock.systemUTC());
    cleanup.add(0, source);
    source.start(sink);
    return source;
  }

  /** A CloudTrail record in the documented shape, with a fresh eventID. */
  private static ObjectNode cloudTrailRecord(String eventName, String bucket) {
    try {
      JsonNode envelope =
          JSON.readTree(ChangeEventParserTest.resource("put-bucket-encryption-assumed-role.json"));
      ObjectNode detail = (ObjectNode) envelope.get("detail").deepCopy();
      detail.put("eventName", eventName);
      detail.put("eventID", UUID.randomUUID().toString());
      detail.put("eventTime", Instant.now().toString());
      ((ObjectNode) detail.get("requestParameters")).put("bucketName", bucket);
      return detail;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void publish(ObjectNode... records) {
    queue.publish(records);
  }

  private void send(String body) {
    queue.sendBody(body);
  }

  private int notVisible() {
    return queue.inFlight();
  }

  private boolean queueIsEmpty() {
    return queue.messages() == 0;
  }

  private double received(String outcome) {
    Counter counter =
        registry
            .find(ChangeEventMetrics.RECEIVED)
            .tags("queue", queueName, "outcome", outcome)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private long sqsCalls(String operation) {
    return registry
        .find(AwsCallMetrics.CALLS)
        .tags("service", "Sqs", "operation", operation)
        .counters()
        .stream()
        .mapToLong(counter -> (long) counter.count())
        .sum();
  }

  private double gauge(String name) {
    return registry.find(name).tag("queue", queueName).gauge().value();
  }
}
