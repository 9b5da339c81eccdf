package io.s3posture.control;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Reads a setting back after a write until the correction shows. S3 bucket configuration is
 * eventually consistent, so a read right after a write may still return the old value.
 */
public final class ReadBackVerifier {

  /** Waits between reads; tests pass one that does not sleep. */
  @FunctionalInterface
  public interface Pause {
    void pause(Duration duration) throws InterruptedException;
  }

  private final int attempts;
  private final Duration firstDelay;
  private final Pause pause;

  public ReadBackVerifier(int attempts, Duration firstDelay, Pause pause) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1");
    }
    this.attempts = attempts;
    this.firstDelay = firstDelay;
    this.pause = pause;
  }

  public static ReadBackVerifier standard() {
    return new ReadBackVerifier(4, Duration.ofMillis(250), d -> Thread.sleep(d.toMillis()));
  }

  /** The drift left after a write, reading it with {@code readDrift} until the write shows. */
  public Drift verify(Supplier<Drift> readDrift) {
    Duration delay = firstDelay;
    Drift drift = Drift.NONE;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      drift = readDrift.get();
      if (!drift.hasRemediable() || attempt == attempts) {
        return drift;
      }
      try {
        pause.pause(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return drift;
      }
      delay = delay.multipliedBy(2);
    }
    return drift;
  }
}
