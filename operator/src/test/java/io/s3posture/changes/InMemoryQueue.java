package io.s3posture.changes;

import io.s3posture.aws.AwsFailure;
import io.s3posture.aws.FailureKind;
import io.s3posture.aws.QueueGateway;
import io.s3posture.aws.QueueMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hand-written queue for fast tests of the source: receive hides messages until they are deleted
 * or {@link #redeliver() made visible again} (no timers), long polls wait on a monitor, and
 * receives can be made to fail. The SQS behaviour itself is tested against moto
 * (SqsChangeEventSourceIT).
 */
final class InMemoryQueue implements QueueGateway {

  private final Map<String, Entry> messages = new LinkedHashMap<>();
  private volatile FailureKind failing;
  private int deleteFailures;
  private int receiveCalls;
  private int deleteCalls;

  private static final class Entry {
    final String id;
    final String body;
    boolean visible = true;
    int receives;
    String receipt;

    Entry(String id, String body) {
      this.id = id;
      this.body = body;
    }
  }

  synchronized String send(String body) {
    String id = UUID.randomUUID().toString();
    messages.put(id, new Entry(id, body));
    notifyAll();
    return id;
  }

  /** Receives fail with this kind until {@link #recover()}. */
  void fail(FailureKind kind) {
    failing = kind;
  }

  /** The next {@code times} delete calls fail as if SQS were unreachable. */
  synchronized void failDeletes(int times) {
    deleteFailures = times;
  }

  synchronized void recover() {
    failing = null;
    notifyAll();
  }

  /** Every message received and not deleted becomes visible again (its visibility timed out). */
  synchronized void redeliver() {
    messages.values().forEach(entry -> entry.visible = true);
    notifyAll();
  }

  synchronized int size() {
    return messages.size();
  }

  synchronized int inFlight() {
    return (int) messages.values().stream().filter(entry -> !entry.visible).count();
  }

  @Override
  public synchronized void returnToQueue(List<QueueMessage> returned) {
    for (QueueMessage message : returned) {
      Entry entry = messages.get(message.messageId());
      if (entry != null && message.receiptHandle().equals(entry.receipt)) {
        entry.visible = true;
      }
    }
    notifyAll();
  }

  synchronized int receiveCalls() {
    return receiveCalls;
  }

  synchronized int deleteCalls() {
    return deleteCalls;
  }

  /** Each receive takes this long before it looks at the queue (a round trip to SQS). */
  volatile Duration roundTrip = Duration.ZERO;

  private final AtomicInteger receiving = new AtomicInteger();
  private final AtomicInteger mostReceiving = new AtomicInteger();

  /** Receives under way now. */
  int receivesUnderWay() {
    return receiving.get();
  }

  /** The most receives that were under way at once. */
  int mostReceivingAtOnce() {
    return mostReceiving.get();
  }

  @Override
  public List<QueueMessage> receive(int maxMessages, Duration wait, Duration visibilityTimeout) {
    mostReceiving.accumulateAndGet(receiving.incrementAndGet(), Math::max);
    try {
      if (!roundTrip.isZero()) {
        Thread.sleep(roundTrip.toMillis()); // the network, not a wait for a condition
      }
      return receiveNow(maxMessages, wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    } finally {
      receiving.decrementAndGet();
    }
  }

  private synchronized List<QueueMessage> receiveNow(int maxMessages, Duration wait) {
    receiveCalls++;
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      FailureKind kind = failing;
      if (kind != null) {
        throw new AwsFailure(kind, "ReceiveMessage", null, "ReceiveMessage failed: " + kind, null);
      }
      List<QueueMessage> received = new ArrayList<>();
      for (Entry entry : messages.values()) {
        if (received.size() == Math.min(10, maxMessages)) {
          break;
        }
        if (entry.visible) {
          entry.visible = false;
          entry.receives++;
          entry.receipt = entry.id + "#" + entry.receives;
          received.add(new QueueMessage(entry.id, entry.receipt, entry.body, entry.receives));
        }
      }
      long left = deadline - System.nanoTime();
      if (!received.isEmpty() || left <= 0) {
        return received;
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return List.of();
      }
    }
  }

  @Override
  public synchronized List<String> delete(List<QueueMessage> batch) {
    deleteCalls++;
    if (deleteFailures > 0) {
      deleteFailures--;
      throw new AwsFailure(
          FailureKind.NETWORK, "DeleteMessageBatch", null, "DeleteMessageBatch failed", null);
    }
    List<String> failed = new ArrayList<>();
    for (QueueMessage message : batch) {
      Entry entry = messages.get(message.messageId());
      if (entry != null && message.receiptHandle().equals(entry.receipt)) {
        messages.remove(message.messageId());
      } else {
        failed.add(message.messageId());
      }
    }
    return failed;
  }
}
