package io.s3posture.changes;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: the n-th consecutive failure waits a random time between half
 * and all of {@code min * 2^(n-1)}, capped at {@code max}. Not thread-safe: one per receive loop.
 */
final class Backoff {

  private final Duration min;
  private final Duration max;
  private final DoubleSupplier random;
  private int failures;

  Backoff(Duration min, Duration max, DoubleSupplier random) {
    this.min = Objects.requireNonNull(min, "min");
    this.max = Objects.requireNonNull(max, "max");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** The pause after one more failure. */
  Duration next() {
    failures++;
    long ceiling = max.toMillis();
    long exponential = min.toMillis() << Math.min(failures - 1, 30);
    long delay = exponential <= 0 ? ceiling : Math.min(ceiling, exponential);
    long jittered = delay / 2 + Math.round(random.getAsDouble() * (delay - delay / 2));
    return Duration.ofMillis(Math.max(1, jittered));
  }

  void reset() {
    failures = 0;
  }
}
