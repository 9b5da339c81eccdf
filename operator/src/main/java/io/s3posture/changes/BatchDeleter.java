package io.s3posture.changes;

import io.s3posture.aws.AwsErrorClassifier;
import io.s3posture.aws.QueueGateway;
import io.s3posture.aws.QueueMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes handled messages of one queue with DeleteMessageBatch: a message waits up to 50 ms for
 * others to share its call (10 per call); a failed call is retried twice after a pause, then the
 * messages are given up (they come back after their visibility timeout). Reports each message as
 * done once its deletion succeeded or was given up.
 */
final class BatchDeleter {

  private static final Logger LOG = LoggerFactory.getLogger(BatchDeleter.class);
  private static final int BATCH = 10;
  private static final int ATTEMPTS = 3;

  /** Handled messages wait this long for others to share their DeleteMessageBatch call. */
  private static final Duration LINGER = Duration.ofMillis(50);

  private final String queue;
  private final QueueGateway gateway;
  private final ScheduledExecutorService scheduler;
  private final Duration retryPause;
  private final RateLimitedLog rateLimited;
  private final IntConsumer done;
  private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();

  BatchDeleter(
      String queue,
      QueueGateway gateway,
      ScheduledExecutorService scheduler,
      Duration retryPause,
      RateLimitedLog rateLimited,
      IntConsumer done) {
    this.queue = queue;
    this.gateway = gateway;
    this.scheduler = scheduler;
    this.retryPause = retryPause;
    this.rateLimited = rateLimited;
    this.done = done;
  }

  void add(QueueMessage message) {
    pending.add(new Pending(message, 0));
    schedule(LINGER);
  }

  /** Deletes everything pending now, in batches of 10. */
  void flush() {
    boolean failed = false;
    List<Pending> batch = new ArrayList<>(BATCH);
    Pending next;
    while ((next = pending.poll()) != null) {
      batch.add(next);
      if (batch.size() == BATCH) {
        failed |= delete(batch);
        batch = new ArrayList<>(BATCH);
      }
    }
    if (!batch.isEmpty()) {
      failed |= delete(batch);
    }
    scheduled.set(false);
    if (!pending.isEmpty()) {
      schedule(failed ? retryPause : LINGER);
    }
  }

  private void schedule(Duration delay) {
    if (scheduled.compareAndSet(false, true)) {
      try {
        scheduler.schedule(this::flush, delay.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        scheduled.set(false); // shutting down: close() flushes
      }
    }
  }

  /**
   * @return whether the call failed (its messages are queued again unless out of attempts)
   */
  private boolean delete(List<Pending> batch) {
    try {
      List<String> notDeleted = gateway.delete(batch.stream().map(Pending::message).toList());
      if (!notDeleted.isEmpty()) {
        LOG.debug(
            "queue {}: {} messages not deleted (they come back): {}",
            queue,
            notDeleted.size(),
            notDeleted);
      }
      done.accept(batch.size());
      return false;
    } catch (RuntimeException e) {
      int givenUp = 0;
      for (Pending entry : batch) {
        if (entry.attempts() + 1 < ATTEMPTS) {
          pending.add(new Pending(entry.message(), entry.attempts() + 1));
        } else {
          givenUp++;
        }
      }
      rateLimited.warn(
          queue + "/delete-failed",
          () ->
              "queue "
                  + queue
                  + ": DeleteMessageBatch failed ("
                  + AwsErrorClassifier.classify("DeleteMessageBatch", e).getMessage()
                  + "); handled messages may be delivered again");
      done.accept(givenUp);
      return true;
    }
  }

  private record Pending(QueueMessage message, int attempts) {}
}
