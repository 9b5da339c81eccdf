package io.s3posture.operator;

import io.micrometer.core.instrument.MeterRegistry;
import io.s3posture.aws.AwsClientFactory;
import io.s3posture.aws.AwsTarget;
import io.s3posture.changes.EventQueue;
import io.s3posture.changes.Reception;
import io.s3posture.changes.SqsChangeEventSource;
import io.s3posture.concurrent.DaemonThreadFactory;
import io.s3posture.control.ControlCatalog;
import io.s3posture.control.PolicyRef;
import io.s3posture.fleet.BucketInventory;
import io.s3posture.fleet.ChangeEventRouter;
import io.s3posture.fleet.CoalescingWindow;
import io.s3posture.fleet.GovernedPolicy;
import io.s3posture.fleet.OwnIdentities;
import io.s3posture.fleet.PolicyIndex;
import io.s3posture.fleet.SelectionChanges;
import io.s3posture.fleet.SubjectWorkQueue;
import io.s3posture.reconciler.ReceptionWatch;
import io.s3posture.reconciler.StatusRefresh;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change-event path, wired: the SQS source (created and started only where the operator leads,
 * so followers neither consume nor export its gauges), the router that turns events into bucket and
 * account checks, and what policies say while events are not received.
 */
final class ChangeEvents implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeEvents.class);

  private final List<EventQueue> queues;
  private final AwsClientFactory aws;
  private final MeterRegistry registry;
  private final Clock clock;
  private final ExecutorService routing =
      Executors.newFixedThreadPool(2, DaemonThreadFactory.numbered("change-events-route"));
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          DaemonThreadFactory.numbered("change-events-window"));
  private final CoalescingWindow window;
  private final ChangeEventRouter router;
  private final ReceptionWatch watch;
  private Optional<SqsChangeEventSource> source = Optional.empty();
  private Instant startedAt;
  private boolean closed;

  ChangeEvents(
      List<EventQueue> queues,
      AwsClientFactory aws,
      MeterRegistry registry,
      Clock clock,
      ControlCatalog catalog,
      PolicyIndex index,
      BucketInventory inventory,
      SubjectWorkQueue queue,
      StatusRefresh refresh) {
    this.queues = List.copyOf(queues);
    this.aws = aws;
    this.registry = registry;
    this.clock = clock;
    this.window =
        new CoalescingWindow(
            CoalescingWindow.DEFAULT,
            queue::submitAll,
            (task, delay) -> timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS));
    this.router =
        new ChangeEventRouter(
            catalog,
            index,
            new SelectionChanges(
                index, inventory, policy -> refresh.request(policy, Duration.ofSeconds(2)), clock),
            new OwnIdentities(
                target -> aws.clientsFor(target).callerArn(),
                () -> index.policies().stream().<AwsTarget>map(GovernedPolicy::target).toList(),
                clock),
            window,
            routing);
    this.watch =
        new ReceptionWatch(
                this::notReceived,
                () -> index.policies().stream().<PolicyRef>map(GovernedPolicy::ref).toList(),
                refresh)
            .start();
  }

  /** Starts consuming (once; on the leader). */
  synchronized void start() {
    if (closed || source.isPresent()) {
      return;
    }
    SqsChangeEventSource created = SqsChangeEventSource.create(queues, aws, registry, clock);
    startedAt = clock.instant();
    created.start(router);
    source = Optional.of(created);
    LOG.info(
        "change events: receiving from {} queue(s); a bucket is checked at most once per {} s per"
            + " burst of events",
        queues.size(),
        CoalescingWindow.DEFAULT.toSeconds());
  }

  synchronized Optional<SqsChangeEventSource> source() {
    return source;
  }

  /** What Synced says while events are not received; empty while they are. */
  Optional<String> note() {
    return watch.get();
  }

  private synchronized Optional<String> notReceived() {
    return source.flatMap(
        s -> Reception.problem(s.health(), startedAt, clock.instant(), Reception.GRACE));
  }

  /** Stops starting long polls (a leader that stops leading; {@link #close} follows). */
  void stopReceiving() {
    Optional<SqsChangeEventSource> running;
    synchronized (this) {
      running = source;
    }
    running.ifPresent(SqsChangeEventSource::stopReceiving);
  }

  /** Stops receiving first (in-flight events may still complete and be deleted), then routing. */
  @Override
  public void close() {
    Optional<SqsChangeEventSource> running;
    synchronized (this) {
      closed = true;
      running = source;
    }
    running.ifPresent(SqsChangeEventSource::close);
    watch.close();
    window.close();
    routing.shutdownNow();
    timer.shutdownNow();
  }
}
