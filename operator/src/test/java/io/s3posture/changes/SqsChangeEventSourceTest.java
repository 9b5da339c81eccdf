package io.s3posture.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.s3posture.aws.FailureKind;
import io.s3posture.changes.ChangeEventSink.Disposition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The source's rules against a hand-written queue; SqsChangeEventSourceIT runs them on moto. */
class SqsChangeEventSourceTest {

  private static final Instant NOW = Instant.parse("2024-05-14T09:21:08Z");
  private static final String ENCRYPTION = "put-bucket-encryption-assumed-role.json";

  private final InMemoryQueue queue = new InMemoryQueue();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private SqsChangeEventSource source;

  @AfterEach
  void close() {
    if (source != null) {
      source.close();
    }
  }

  private SqsChangeEventSource source(SourceSettings settings) {
    source =
        new SqsChangeEventSource(
            Map.of("events", queue),
            settings,
            registry,
            Clock.fixed(NOW, ZoneOffset.UTC),
            () -> 0.5);
    return source;
  }

  private static SourceSettings fast() {
    return SourceSettings.defaults()
        .withLongPoll(Duration.ofSeconds(1))
        .withBackoff(Duration.ofMillis(10), Duration.ofMillis(40));
  }

  @Test
  void handsTheEventToTheSinkAndDeletesTheMessageWhenItsCheckCompleted() {
    RecordingSink sink = RecordingSink.answering(Disposition.CHECKED);
    source(fast()).start(sink);
    queue.send(ChangeEventParserTest.resource(ENCRYPTION));

    await().until(() -> queue.size() == 0);
    assertThat(sink.events())
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.eventName()).isEqualTo("PutBucketEncryption");
              assertThat(event.bucket()).contains("payments-ledger");
              assertThat(event.queue()).isEqualTo("events");
              assertThat(event.receivedAt()).isEqualTo(NOW);
            });
    await().until(() -> received("checked") == 1);
    Timer latency = registry.find(ChangeEventMetrics.LATENCY).tag("queue", "events").timer();
    assertThat(latency.count()).isEqualTo(1);
    assertThat(latency.totalTime(TimeUnit.SECONDS))
        .as("eventTime 09:21:05 to completion at 09:21:08")
        .isEqualTo(3.0);
    assertThat(
            Arrays.stream(latency.takeSnapshot().histogramCounts())
                .filter(b -> b.bucket(TimeUnit.SECONDS) == 5.0)
                .mapToDouble(CountAtBucket::count))
        .containsExactly(1.0);
    assertThat(gauge(ChangeEventMetrics.RECEIVING)).isEqualTo(1.0);
    assertThat(gauge(ChangeEventMetrics.LAST_RECEIVED)).isEqualTo(NOW.getEpochSecond());
    assertThat(source.health())
        .singleElement()
        .satisfies(
            health -> {
              assertThat(health.receiving()).isTrue();
              assertThat(health.lastMessage()).contains(NOW);
              assertThat(health.lastError()).isEmpty();
            });
  }

  @Test
  void everyDispositionDeletesTheMessageAndCountsItsOutcome() {
    RecordingSink sink = RecordingSink.answering(Disposition.IGNORED_OWN_WRITE);
    source(fast()).start(sink);
    queue.send(ChangeEventParserTest.resource(ENCRYPTION));
    await().until(() -> queue.size() == 0 && received("ignored_own_write") == 1);
    sink.answer(event -> CompletableFuture.completedFuture(Disposition.DROPPED_OVERLOAD));
    queue.send(ChangeEventParserTest.resource(ENCRYPTION));
    await().until(() -> queue.size() == 0 && received("dropped_overload") == 1);
    assertThat(registry.find(ChangeEventMetrics.LATENCY).timer())
        .as("only checks are timed")
        .isNull();
  }

  @Test
  void malformedAndUnsupportedMessagesAreCountedAndDeletedAndTheQueueFlows() {
    RecordingSink sink = RecordingSink.answering(Disposition.CHECKED);
    source(fast()).start(sink);
    for (int i = 0; i < 5; i++) {
      queue.send("{not json " + i);
    }
    queue.send(ChangeEventParserTest.resource("s3-object-created.json"));
    queue.send(ChangeEventParserTest.resource(ENCRYPTION));

    await().until(() -> queue.size() == 0);
    await().until(() -> received("checked") == 1);
    assertThat(received("malformed")).isEqualTo(5);
    assertThat(received("unsupported")).isEqualTo(1);
    assertThat(sink.events())
        .extracting(ChangeEvent::eventName)
        .containsExactly("PutBucketEncryption");
  }

  @Test
  void aFailedSinkLeavesTheMessageForRedelivery() {
    RecordingSink sink =
        RecordingSink.with(event -> CompletableFuture.failedFuture(new IllegalStateException("x")));
    source(fast()).start(sink);
    queue.send(ChangeEventParserTest.resource(ENCRYPTION));

    await().until(() -> received("failed") == 1);
    assertThat(queue.size()).as("not deleted").isEqualTo(1);
    // the failure is counted just before the slot is freed: wait for the end state
    await()
        .untilAsserted(
            () ->
                assertThat(source.health().get(0).inFlight())
                    .as("given up: its slot is free")
                    .isZero());

    sink.answer(event -> CompletableFuture.completedFuture(Disposition.CHECKED));
    queue.redeliver();
    await().until(() -> queue.size() == 0);
    assertThat(sink.events()).hasSize(2);
    assertThat(received("checked")).isEqualTo(1);
  }

  @Test
  void aSinkThatThrowsOrTimesOutCountsAsFailed() {
    RecordingSink sink =
        RecordingSink.with(
            event -> {
              throw new IllegalStateException("boom");
            });
    source(fast().withSinkTimeout(Duration.ofMillis(200))).start(sink);
    queue.send(ChangeEventParserTest.resource(ENCRYPTION));
    await().until(() -> received("failed") == 1);

    sink.answer(event -> new CompletableFuture<>());
    queue.redeliver();
    await().until(() -> received("failed") == 2);
    assertThat(queue.size()).isEqualTo(1);
  }

  @Test
  void aFailedDeleteIsRetriedAndGivenUpAfterThreeAttempts() {
    source(fast()).start(RecordingSink.answering(Disposition.CHECKED));
    queue.failDeletes(2);
    queue.send(ChangeEventParserTest.resource(ENCRYPTION));
    await().until(() -> queue.size() == 0);
    assertThat(queue.deleteCalls()).as("two failures, then deleted").isEqualTo(3);

    queue.failDeletes(3);
    queue.send(ChangeEventParserTest.resource(ENCRYPTION));
    await().until(() -> queue.deleteCalls() == 6 && source.health().get(0).inFlight() == 0);
    assertThat(queue.size())
        .as("given up: it comes back after its visibility timeout")
        .isEqualTo(1);
  }

  @Test
  void aBacklogIsReceivedByUpToFourLoopsThatEndWhenItIsDrained() {
    queue.roundTrip = Duration.ofMillis(50);
    for (int i = 0; i < 300; i++) {
      queue.send(ChangeEventParserTest.resource(ENCRYPTION));
    }
    RecordingSink sink = RecordingSink.answering(Disposition.CHECKED);
    source(fast()).start(sink);

    await().atMost(Duration.ofSeconds(30)).until(() -> queue.size() == 0);
    assertThat(sink.events()).hasSize(300);
    assertThat(queue.mostReceivingAtOnce())
        .as("more loops while receives come back full, never more than four")
        .isBetween(2, QueueConsumer.MAX_POLLERS);
    await().until(() -> source.pollers().equals(List.of(1)));
  }

  @Test
  void whatALongPollInFlightReceivesWhileStoppingGoesBackToTheQueueAtOnce() {
    queue.roundTrip = Duration.ofSeconds(2); // the receive is on its way when the source stops
    RecordingSink sink = RecordingSink.answering(Disposition.CHECKED);
    source(fast()).start(sink);
    await().until(() -> queue.receivesUnderWay() == 1);
    queue.send(ChangeEventParserTest.resource(ENCRYPTION));

    source.close();

    assertThat(queue.receiveCalls()).as("the poll in flight took the message").isEqualTo(1);
    assertThat(sink.events()).as("not handled by a stopping source").isEmpty();
    assertThat(queue.size()).isEqualTo(1);
    assertThat(queue.inFlight()).as("visible again for the next leader").isZero();
  }

  @Test
  void receivingPausesWhileTheInFlightLimitIsReached() {
    RecordingSink sink = RecordingSink.holding();
    source(fast().withMaxInFlight(5)).start(sink);
    for (int i = 0; i < 12; i++) {
      queue.send(ChangeEventParserTest.resource(ENCRYPTION));
    }
    await().until(() -> sink.events().size() == 5);
    int calls = queue.receiveCalls();
    assertThat(queue.inFlight()).as("only 5 taken from the queue").isEqualTo(5);
    assertThat(source.health().get(0).inFlight()).isEqualTo(5);

    sink.completeHeld(Disposition.CHECKED);
    await().until(() -> sink.events().size() == 10);
    assertThat(queue.receiveCalls()).isGreaterThan(calls);
    sink.completeHeld(Disposition.CHECKED);
    await().until(() -> sink.events().size() == 12);
    sink.completeHeld(Disposition.CHECKED);
    await().until(() -> queue.size() == 0);
    assertThat(sink.maxOutstanding()).isEqualTo(5);
  }

  @Test
  void receiveFailuresBackOffAndShowInHealthUntilReceivingWorksAgain() {
    queue.fail(FailureKind.ACCESS_DENIED);
    RecordingSink sink = RecordingSink.answering(Disposition.CHECKED);
    source(fast()).start(sink);

    await().until(() -> source.health().get(0).consecutiveFailures() >= 3);
    QueueHealth failing = source.health().get(0);
    assertThat(failing.receiving()).isFalse();
    assertThat(failing.lastReceiveSuccess()).isEmpty();
    assertThat(failing.lastError())
        .hasValueSatisfying(e -> assertThat(e).startsWith("AccessDenied: "));
    assertThat(source.receiving()).isFalse();
    assertThat(gauge(ChangeEventMetrics.RECEIVING)).isZero();

    queue.recover();
    queue.send(ChangeEventParserTest.resource(ENCRYPTION));
    await().until(() -> queue.size() == 0);
    QueueHealth healthy = source.health().get(0);
    assertThat(healthy.receiving()).isTrue();
    assertThat(healthy.consecutiveFailures()).isZero();
    assertThat(healthy.lastReceiveSuccess()).contains(NOW);
    assertThat(healthy.lastError()).as("kept for status").isPresent();
    assertThat(gauge(ChangeEventMetrics.RECEIVING)).isEqualTo(1.0);
  }

  @Test
  void closeLetsInFlightEventsFinishAndDeletesThem() {
    RecordingSink sink = RecordingSink.holding();
    source(fast()).start(sink);
    queue.send(ChangeEventParserTest.resource(ENCRYPTION));
    await().until(() -> sink.events().size() == 1);

    CompletableFuture.runAsync(
        () -> sink.completeHeld(Disposition.CHECKED),
        CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS));
    source.close();
    assertThat(queue.size()).isZero();
    assertThat(source.receiving()).isFalse();
  }

  private double received(String outcome) {
    Counter counter =
        registry
            .find(ChangeEventMetrics.RECEIVED)
            .tags("queue", "events", "outcome", outcome)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private double gauge(String name) {
    Gauge gauge = registry.find(name).tag("queue", "events").gauge();
    return gauge == null ? Double.NaN : gauge.value();
  }
}
