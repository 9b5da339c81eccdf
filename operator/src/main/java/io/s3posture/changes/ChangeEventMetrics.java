package io.s3posture.changes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The change-event meters (prefix s3posture_), labelled by queue name (a handful per operator):
 *
 * <ul>
 *   <li>{@code s3posture_change_events_received_total{queue, outcome}}: messages by outcome, the
 *       sink's {@link ChangeEventSink.Disposition} label, {@code malformed}, {@code unsupported},
 *       or {@code failed} (the sink failed or timed out: the message stays and comes back);
 *   <li>{@code s3posture_change_event_latency_seconds{queue}}: histogram from the event's {@code
 *       eventTime} (when AWS recorded the call) to the end of the check that handled it, for events
 *       whose disposition is {@code checked}; fixed buckets 1..300 s;
 *   <li>{@code s3posture_change_events_last_received_timestamp_seconds{queue}}: when a message last
 *       arrived (Unix time; absent until the first);
 *   <li>{@code s3posture_change_events_receiving{queue}}: 1 while receiving from the queue works, 0
 *       after a failed receive until the next success.
 * </ul>
 */
public final class ChangeEventMetrics {

  public static final String RECEIVED = "s3posture.change.events.received";
  public static final String LATENCY = "s3posture.change.event.latency";
  public static final String LAST_RECEIVED = "s3posture.change.events.last.received.timestamp";
  public static final String RECEIVING = "s3posture.change.events.receiving";

  /** The outcome of a message whose sink stage failed or timed out. */
  public static final String FAILED = "failed";

  private static final Duration[] LATENCY_BUCKETS = {
    Duration.ofSeconds(1),
    Duration.ofSeconds(2),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofSeconds(60),
    Duration.ofSeconds(120),
    Duration.ofSeconds(300)
  };

  private final MeterRegistry registry;
  private final Map<String, AtomicLong> lastReceived = new ConcurrentHashMap<>();

  public ChangeEventMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The 0/1 receiving gauge of a queue. */
  void register(String queue, BooleanSupplier receiving) {
    Gauge.builder(RECEIVING, receiving, r -> r.getAsBoolean() ? 1 : 0)
        .description("1 while receiving change events from the queue works, 0 after a failure")
        .tag("queue", queue)
        .strongReference(true)
        .register(registry);
  }

  void received(String queue, String outcome) {
    Counter.builder(RECEIVED)
        .description("Change-event messages received, by queue and outcome")
        .tag("queue", queue)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  void messageArrived(String queue, Instant at) {
    lastReceived
        .computeIfAbsent(
            queue,
            q -> {
              AtomicLong seconds = new AtomicLong();
              Gauge.builder(LAST_RECEIVED, seconds, AtomicLong::get)
                  .description(
                      "When a change-event message last arrived from the queue (Unix time)")
                  .baseUnit("seconds")
                  .tag("queue", q)
                  .register(registry);
              return seconds;
            })
        .set(at.getEpochSecond());
  }

  /** From AWS recording the call to the end of its check; negative (clock skew) counts as 0. */
  void checked(String queue, Duration sinceEvent) {
    Timer.builder(LATENCY)
        .description("Seconds from a change event's eventTime to the end of the check it caused")
        .tag("queue", queue)
        .serviceLevelObjectives(LATENCY_BUCKETS)
        .register(registry)
        .record(sinceEvent.isNegative() ? Duration.ZERO : sinceEvent);
  }
}
