package io.s3posture.aws;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Spaces the operator's writes per AWS account: at most {@code perSecond} writes a second, with a
 * burst of as many, so that correcting a whole fleet never becomes the reason S3 answers SlowDown
 * to the account's own applications. A caller waits for its turn; reads are not paced.
 */
public final class WritePacer {

  /** Waits; {@link #SLEEP} in production, recorded in tests. */
  @FunctionalInterface
  public interface Sleeper {
    Sleeper SLEEP = nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));

    void sleep(long nanos) throws InterruptedException;
  }

  public static final WritePacer UNLIMITED = new WritePacer(0, System::nanoTime, Sleeper.SLEEP);

  private final int perSecond;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private final Map<String, Bucket> accounts = new ConcurrentHashMap<>();

  /**
   * @param perSecond writes a second per account; 0 = not paced
   */
  public WritePacer(int perSecond, LongSupplier nanoTime, Sleeper sleeper) {
    if (perSecond < 0) {
      throw new IllegalArgumentException("writes per second must not be negative");
    }
    this.perSecond = perSecond;
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  public static WritePacer perSecond(int perSecond) {
    return perSecond == 0 ? UNLIMITED : new WritePacer(perSecond, System::nanoTime, Sleeper.SLEEP);
  }

  public boolean paces() {
    return perSecond > 0;
  }

  /** Waits until {@code account} may make one more write. */
  public void acquire(String account) throws InterruptedException {
    if (!paces()) {
      return;
    }
    long wait = accounts.computeIfAbsent(account, a -> new Bucket()).reserve();
    if (wait > 0) {
      sleeper.sleep(wait);
    }
  }

  /**
   * The generic cell rate algorithm: a theoretical arrival time that advances one interval per
   * write, so waiting callers get successive slots in arrival order, and up to a second's worth of
   * writes pass at once after a quiet time.
   */
  private final class Bucket {
    private final long interval = 1_000_000_000L / perSecond;
    private final long tolerance = interval * ((long) perSecond - 1);
    private long theoreticalArrival = nanoTime.getAsLong();

    /** The nanoseconds the caller must wait for its slot. */
    synchronized long reserve() {
      long now = nanoTime.getAsLong();
      long arrival = Math.max(theoreticalArrival, now);
      theoreticalArrival = arrival + interval;
      return Math.max(0, arrival - now - tolerance);
    }
  }
}
