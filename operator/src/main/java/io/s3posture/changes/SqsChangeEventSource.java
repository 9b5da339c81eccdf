package io.s3posture.changes;

import io.micrometer.core.instrument.MeterRegistry;
import io.s3posture.aws.AwsClientFactory;
import io.s3posture.aws.QueueGateway;
import io.s3posture.concurrent.DaemonThreadFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives change events from SQS queues (fed by an EventBridge rule for S3's CloudTrail events)
 * and hands them to a {@link ChangeEventSink}: one long-polling loop per queue on a small dedicated
 * pool. A message is deleted once the sink's stage completed (any disposition) or it was rejected
 * as malformed or unsupported; a failed sink leaves it for redelivery (and, after the queue's
 * maxReceiveCount, its dead-letter queue). When SQS is unreachable the loops back off and keep
 * trying; nothing else in the operator depends on them.
 *
 * <p>Start it where the operator leads (with leader election only the leader may consume), close it
 * on shutdown.
 */
public final class SqsChangeEventSource implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SqsChangeEventSource.class);
  private static final Duration LOG_INTERVAL = Duration.ofMinutes(5);

  private final SourceSettings settings;
  private final List<QueueConsumer> consumers;
  private final ExecutorService receivers;
  private final ScheduledExecutorService deleters;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param gateways the queues by name (the metric label), in order
   * @param random jitter for the backoff, in [0, 1)
   */
  public SqsChangeEventSource(
      Map<String, QueueGateway> gateways,
      SourceSettings settings,
      MeterRegistry registry,
      Clock clock,
      DoubleSupplier random) {
    Objects.requireNonNull(gateways, "gateways");
    if (gateways.isEmpty()) {
      throw new IllegalArgumentException("no queues");
    }
    this.settings = Objects.requireNonNull(settings, "settings");
    ChangeEventMetrics metrics = new ChangeEventMetrics(registry);
    ChangeEventParser parser = new ChangeEventParser();
    RateLimitedLog rateLimited = new RateLimitedLog(LOG::warn, LOG_INTERVAL, clock);
    this.receivers =
        Executors.newFixedThreadPool(
            gateways.size() * QueueConsumer.MAX_POLLERS,
            DaemonThreadFactory.numbered("change-events"));
    this.deleters =
        Executors.newScheduledThreadPool(
            Math.min(2, gateways.size()), DaemonThreadFactory.numbered("change-events-delete"));
    List<QueueConsumer> list = new ArrayList<>();
    gateways.forEach(
        (name, gateway) ->
            list.add(
                new QueueConsumer(
                    name,
                    gateway,
                    settings,
                    parser,
                    metrics,
                    rateLimited,
                    clock,
                    new Backoff(settings.minBackoff(), settings.maxBackoff(), random),
                    deleters)));
    this.consumers = List.copyOf(list);
  }

  /** The operator's source: one SQS client per queue from the factory, default settings. */
  public static SqsChangeEventSource create(
      List<EventQueue> queues, AwsClientFactory aws, MeterRegistry registry, Clock clock) {
    return create(queues, aws, SourceSettings.defaults(), registry, clock);
  }

  public static SqsChangeEventSource create(
      List<EventQueue> queues,
      AwsClientFactory aws,
      SourceSettings settings,
      MeterRegistry registry,
      Clock clock) {
    Map<String, QueueGateway> gateways = new LinkedHashMap<>();
    for (EventQueue queue : queues) {
      gateways.put(queue.name(), aws.queueGateway(queue.target(), queue.url().toString()));
    }
    return new SqsChangeEventSource(
        gateways, settings, registry, clock, () -> ThreadLocalRandom.current().nextDouble());
  }

  /** Starts receiving; events go to {@code sink}. Once. */
  public void start(ChangeEventSink sink) {
    Objects.requireNonNull(sink, "sink");
    if (closed.get() || !started.compareAndSet(false, true)) {
      throw new IllegalStateException("already started or closed");
    }
    for (QueueConsumer consumer : consumers) {
      consumer.start(sink, receivers);
      receivers.execute(consumer);
    }
  }

  /** The receive loops running now, per queue in configuration order. */
  List<Integer> pollers() {
    return consumers.stream().map(QueueConsumer::pollers).toList();
  }

  /** Per queue, in configuration order. */
  public List<QueueHealth> health() {
    return consumers.stream().map(QueueConsumer::health).toList();
  }

  /** Every queue is being received from. */
  public boolean receiving() {
    return consumers.stream().allMatch(consumer -> consumer.health().receiving());
  }

  /** Stops receiving: no new long poll starts (one in flight still ends, see {@link #close}). */
  public void stopReceiving() {
    consumers.forEach(QueueConsumer::stop);
  }

  /**
   * Stops receiving, waits up to the shutdown grace for in-flight events to complete and be
   * deleted, waits for the long polls in flight to end and returns what they received to the queue
   * (visible at once to the next leader), and stops the threads. Messages not done by then come
   * back after their visibility timeout.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long polls = System.nanoTime() + settings.longPoll().plusSeconds(2).toNanos();
    stopReceiving();
    receivers.shutdown(); // no interrupt: a long poll in flight must end to return what it took
    long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
    for (QueueConsumer consumer : consumers) {
      while (consumer.inFlight() > 0 && System.nanoTime() < deadline) {
        consumer.flush();
        try {
          TimeUnit.MILLISECONDS.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      if (consumer.inFlight() > 0) {
        LOG.info(
            "queue {}: {} events still in flight at shutdown; they come back after their"
                + " visibility timeout",
            consumer.name(),
            consumer.inFlight());
      }
    }
    try {
      if (!receivers.awaitTermination(
          Math.max(0, polls - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        LOG.info(
            "a long poll did not end in time: what it receives comes back after its visibility timeout");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    receivers.shutdownNow();
    deleters.shutdown();
    try {
      deleters.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
