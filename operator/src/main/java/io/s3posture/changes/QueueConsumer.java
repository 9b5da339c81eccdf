package io.s3posture.changes;

import io.s3posture.aws.AwsErrorClassifier;
import io.s3posture.aws.AwsFailure;
import io.s3posture.aws.QueueGateway;
import io.s3posture.aws.QueueMessage;
import io.s3posture.changes.ChangeEventSink.Disposition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receive loops of one queue: long-poll, parse, hand to the sink, delete when the sink is done.
 * One loop always runs; while receives come back full (a backlog: an attacker's script touching
 * many buckets), more loops join, up to {@link #MAX_POLLERS}, and each extra one ends at its first
 * receive that is not full. At most {@code maxInFlight} messages are between receipt and deletion;
 * receiving pauses while that many are. Receive failures back off exponentially and never end the
 * first loop.
 */
final class QueueConsumer implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(QueueConsumer.class);
  private static final int BATCH = 10;

  /** Receive loops of one queue at most, while it has a backlog. */
  static final int MAX_POLLERS = 4;

  private final String name;
  private final QueueGateway gateway;
  private final SourceSettings settings;
  private final ChangeEventParser parser;
  private final ChangeEventMetrics metrics;
  private final RateLimitedLog rateLimited;
  private final Clock clock;
  private final Backoff backoff;
  private final BatchDeleter deletes;

  private final Semaphore slots;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Object pause = new Object();
  private final AtomicInteger pollers = new AtomicInteger();
  private volatile Executor extraPollers = Runnable::run;

  private volatile ChangeEventSink sink;
  private volatile boolean running;
  private volatile boolean receiving;
  private volatile Instant lastReceiveSuccess;
  private volatile Instant lastMessage;
  private volatile String lastError;
  private volatile int consecutiveFailures;

  QueueConsumer(
      String name,
      QueueGateway gateway,
      SourceSettings settings,
      ChangeEventParser parser,
      ChangeEventMetrics metrics,
      RateLimitedLog rateLimited,
      Clock clock,
      Backoff backoff,
      ScheduledExecutorService deleter) {
    this.name = name;
    this.gateway = gateway;
    this.settings = settings;
    this.parser = parser;
    this.metrics = metrics;
    this.rateLimited = rateLimited;
    this.clock = clock;
    this.backoff = backoff;
    this.deletes =
        new BatchDeleter(name, gateway, deleter, settings.minBackoff(), rateLimited, this::done);
    this.slots = new Semaphore(settings.maxInFlight());
    metrics.register(name, () -> receiving);
  }

  String name() {
    return name;
  }

  /**
   * @param pollers where the extra receive loops of a backlog run (it needs {@link #MAX_POLLERS} -
   *     1 threads for this queue)
   */
  void start(ChangeEventSink eventSink, Executor pollers) {
    this.sink = eventSink;
    this.extraPollers = pollers;
    this.running = true;
  }

  void stop() {
    running = false;
    receiving = false;
    synchronized (pause) {
      pause.notifyAll();
    }
  }

  QueueHealth health() {
    return new QueueHealth(
        name,
        receiving,
        Optional.ofNullable(lastReceiveSuccess),
        Optional.ofNullable(lastMessage),
        Optional.ofNullable(lastError),
        consecutiveFailures,
        inFlight.get());
  }

  int inFlight() {
    return inFlight.get();
  }

  @Override
  public void run() {
    LOG.info("receiving change events from queue {}", name);
    pollers.incrementAndGet();
    try {
      poll(true);
    } finally {
      pollers.decrementAndGet();
    }
    LOG.info("stopped receiving change events from queue {}", name);
  }

  /** Receive loops running now (for tests and the bench). */
  int pollers() {
    return pollers.get();
  }

  /** An extra loop: polls while the queue has a backlog. */
  private void extraPoller() {
    try {
      poll(false);
    } finally {
      pollers.decrementAndGet();
    }
  }

  /** While a receive comes back full and fewer than the most loops run, one more joins. */
  private void scale(int received) {
    if (received < BATCH) {
      return;
    }
    int now = pollers.get();
    if (now < MAX_POLLERS && pollers.compareAndSet(now, now + 1)) {
      try {
        extraPollers.execute(this::extraPoller);
      } catch (RejectedExecutionException closing) {
        pollers.decrementAndGet();
      }
    }
  }

  /** The receive loop; {@code first} never ends before the consumer stops. */
  private void poll(boolean first) {
    while (running) {
      int wanted;
      try {
        wanted = acquireSlots();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      List<QueueMessage> messages;
      try {
        messages = gateway.receive(wanted, settings.longPoll(), settings.visibilityTimeout());
      } catch (RuntimeException e) {
        slots.release(wanted);
        if (!running) {
          break;
        }
        receiveFailed(AwsErrorClassifier.classify("ReceiveMessage", e));
        if (!first) {
          return; // the first loop backs off and tries again
        }
        pause(backoff.next());
        continue;
      }
      slots.release(wanted - messages.size());
      if (!running) {
        slots.release(messages.size());
        returnToQueue(messages);
        break;
      }
      receiveSucceeded(first);
      scale(messages.size());
      messages.forEach(this::handle);
      if (!first && messages.size() < BATCH) {
        return; // the backlog is drained
      }
    }
  }

  /** Blocks until at least one message may be in flight; takes up to a batch's worth. */
  private int acquireSlots() throws InterruptedException {
    slots.acquire();
    int taken = 1;
    while (taken < BATCH && slots.tryAcquire()) {
      taken++;
    }
    return taken;
  }

  /** A receive succeeded; the first loop's backoff (only it backs off) starts over. */
  private void receiveSucceeded(boolean first) {
    if (consecutiveFailures > 0) {
      LOG.info("receiving from queue {} again after {} failures", name, consecutiveFailures);
    }
    receiving = true;
    consecutiveFailures = 0;
    lastReceiveSuccess = clock.instant();
    if (first) {
      backoff.reset();
    }
  }

  private void receiveFailed(AwsFailure failure) {
    receiving = false;
    consecutiveFailures++;
    lastError = failure.kind().reason() + ": " + failure.getMessage();
    if (consecutiveFailures == 1) {
      LOG.warn(
          "cannot receive change events from queue {} ({}); retrying with backoff; the periodic"
              + " resync goes on",
          name,
          lastError);
    } else {
      LOG.debug("queue {}: receive failed again ({})", name, lastError);
    }
  }

  private void pause(Duration duration) {
    long deadline = System.nanoTime() + duration.toNanos();
    synchronized (pause) {
      long left;
      while (running && (left = deadline - System.nanoTime()) > 0) {
        try {
          TimeUnit.NANOSECONDS.timedWait(pause, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void handle(QueueMessage message) {
    inFlight.incrementAndGet();
    Instant received = clock.instant();
    lastMessage = received;
    metrics.messageArrived(name, received);
    ParseResult parsed = parser.parse(message.body(), name, received);
    if (parsed instanceof ParseResult.Rejected rejected) {
      metrics.received(name, rejected.reason().kind().label());
      rateLimited.warn(
          name + "/" + rejected.reason(),
          () ->
              String.format(
                  "queue %s: deleting a message rejected as %s (%s: %s), e.g. message %s",
                  name,
                  rejected.reason().kind().label(),
                  rejected.reason().reason(),
                  rejected.detail(),
                  message.messageId()));
      delete(message);
      return;
    }
    ChangeEvent event = ((ParseResult.Parsed) parsed).event();
    CompletableFuture<Disposition> done = new CompletableFuture<>();
    try {
      CompletionStage<Disposition> stage = sink.accept(event);
      if (stage == null) {
        throw new IllegalStateException("the sink returned no stage");
      }
      stage.whenComplete(
          (disposition, error) -> {
            if (error != null) {
              done.completeExceptionally(error);
            } else {
              done.complete(disposition);
            }
          });
    } catch (RuntimeException e) {
      done.completeExceptionally(e);
    }
    done.orTimeout(settings.sinkTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((disposition, error) -> completed(message, event, disposition, error));
  }

  private void completed(
      QueueMessage message, ChangeEvent event, Disposition disposition, Throwable error) {
    if (error != null || disposition == null) {
      metrics.received(name, ChangeEventMetrics.FAILED);
      rateLimited.warn(
          name + "/sink-failed",
          () ->
              String.format(
                  "queue %s: %s on %s was not handled (%s); the message stays in the queue and"
                      + " comes back after its visibility timeout (delivery %d)",
                  name,
                  event.eventName(),
                  event.bucket().orElse("the account"),
                  error == null ? "no disposition" : cause(error),
                  message.receiveCount()));
      done(1);
      return;
    }
    metrics.received(name, disposition.label());
    if (disposition == Disposition.CHECKED) {
      metrics.checked(name, Duration.between(event.eventTime(), clock.instant()));
    }
    delete(message);
  }

  private static Throwable cause(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }

  private void delete(QueueMessage message) {
    deletes.add(message);
  }

  /**
   * Received while stopping: visible again at once for the next leader, not after the visibility
   * timeout (a long poll in flight when the leader stops still takes what arrives).
   */
  private void returnToQueue(List<QueueMessage> messages) {
    for (int from = 0; from < messages.size(); from += BATCH) {
      List<QueueMessage> batch = messages.subList(from, Math.min(messages.size(), from + BATCH));
      try {
        gateway.returnToQueue(batch);
      } catch (RuntimeException e) {
        LOG.info(
            "queue {}: {} messages received while stopping come back after their visibility"
                + " timeout ({})",
            name,
            batch.size(),
            e.getMessage());
      }
    }
    if (!messages.isEmpty()) {
      LOG.info(
          "queue {}: {} messages received while stopping returned to it", name, messages.size());
    }
  }

  /** Deletes what is pending now (on close). */
  void flush() {
    deletes.flush();
  }

  private void done(int messages) {
    if (messages > 0) {
      inFlight.addAndGet(-messages);
      slots.release(messages);
    }
  }
}
