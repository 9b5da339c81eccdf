package io.s3posture.fleet;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Checks a bucket again after a transient failure (throttling, an outage, a timeout), with
 * exponential backoff per bucket: 10 s, 20 s, 40 s, ... up to {@code max}. A success resets it. One
 * pending retry per bucket at most.
 */
public final class BucketRetries implements BucketChecker.Retries, AutoCloseable {

  static final Duration FIRST = Duration.ofSeconds(10);

  private final Duration max;
  private final Consumer<BucketWorkQueue.Request> submit;
  private final ScheduledExecutorService timer;
  private final Map<BucketKey, Integer> failures = new ConcurrentHashMap<>();
  private final Map<BucketKey, Boolean> scheduled = new ConcurrentHashMap<>();

  public BucketRetries(Duration max, Consumer<BucketWorkQueue.Request> submit) {
    this.max = max;
    this.submit = submit;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "bucket-retries");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** The delay before the {@code attempt}th retry. */
  Duration delay(int attempt) {
    Duration backoff = FIRST.multipliedBy(1L << Math.min(attempt - 1, 16));
    return backoff.compareTo(max) < 0 ? backoff : max;
  }

  @Override
  public void failedTransiently(BucketKey key, String account) {
    int attempt = failures.merge(key, 1, Integer::sum);
    if (scheduled.putIfAbsent(key, true) != null) {
      return;
    }
    timer.schedule(
        () -> {
          scheduled.remove(key);
          submit.accept(
              new BucketWorkQueue.Request(
                  key, "retries", false, Optional.empty(), Trigger.RETRY, account));
        },
        delay(attempt).toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void succeeded(BucketKey key) {
    failures.remove(key);
  }

  /** Retries failing in a row, for a bucket (0 when its last check succeeded). */
  public int failures(BucketKey key) {
    return failures.getOrDefault(key, 0);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
