package io.s3posture.fleet;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.s3posture.concurrent.DaemonThreadFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Checks a subject (a bucket, an account) again after a transient failure (throttling, an outage, a
 * timeout), with exponential backoff per subject: {@code first} (10 s in the operator), twice that,
 * four times, ... up to {@code max}. A success resets it. One pending retry per subject at most.
 */
public final class SubjectRetries implements SubjectChecker.Retries, AutoCloseable {

  /** The operator's first delay. */
  public static final Duration FIRST = Duration.ofSeconds(10);

  public static final String PENDING = "s3posture.bucket.retries.pending";
  public static final String DELAY = "s3posture.bucket.retry.delay";

  private final Duration first;
  private final Duration max;
  private final Consumer<SubjectWorkQueue.Request> submit;
  private final ScheduledExecutorService timer;
  private final DistributionSummary delays;
  private final Map<SubjectKey, Integer> failures = new ConcurrentHashMap<>();
  private final Map<SubjectKey, Boolean> scheduled = new ConcurrentHashMap<>();

  public SubjectRetries(Duration max, Consumer<SubjectWorkQueue.Request> submit) {
    this(FIRST, max, submit, new SimpleMeterRegistry());
  }

  /**
   * @param registry where the retries show: {@value #PENDING} (buckets waiting for a retry) and
   *     {@value #DELAY} (the backoff of each retry scheduled; its max is the longest recent one)
   */
  public SubjectRetries(
      Duration first,
      Duration max,
      Consumer<SubjectWorkQueue.Request> submit,
      MeterRegistry registry) {
    this.first = first;
    this.max = max;
    this.submit = submit;
    Gauge.builder(PENDING, scheduled, Map::size)
        .description("Buckets and accounts waiting to be checked again after a transient failure")
        .register(registry);
    this.delays =
        DistributionSummary.builder(DELAY)
            .description(
                "Backoff before checking a bucket or account again after a transient failure")
            .baseUnit("seconds")
            .serviceLevelObjectives(10, 60, 300, 600)
            .register(registry);
    this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreadFactory.named("retries"));
  }

  /** The delay before the {@code attempt}th retry. */
  Duration delay(int attempt) {
    Duration backoff = first.multipliedBy(1L << Math.min(attempt - 1, 16));
    return backoff.compareTo(max) < 0 ? backoff : max;
  }

  @Override
  public void failedTransiently(SubjectKey key, String account) {
    int attempt = failures.merge(key, 1, Integer::sum);
    if (scheduled.putIfAbsent(key, true) != null) {
      return;
    }
    Duration delay = delay(attempt);
    delays.record(delay.toMillis() / 1000.0);
    try {
      timer.schedule(
          () -> {
            scheduled.remove(key);
            submit.accept(
                new SubjectWorkQueue.Request(
                    key, "retries", false, Optional.empty(), Trigger.RETRY, account));
          },
          delay.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closed) {
      scheduled.remove(key); // the operator is stopping: the next process checks it
    }
  }

  @Override
  public void succeeded(SubjectKey key) {
    failures.remove(key);
  }

  /** Retries failing in a row, for a subject (0 when its last check succeeded). */
  public int failures(SubjectKey key) {
    return failures.getOrDefault(key, 0);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
