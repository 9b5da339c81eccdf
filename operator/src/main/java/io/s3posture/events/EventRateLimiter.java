package io.s3posture.events;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per (object, reason): bursts of up to {@code burst} events, then one per {@code
 * refill}. Keeps a fleet of failing buckets from flooding the event stream.
 */
public final class EventRateLimiter {

  /** Events one object may get for one reason at once. */
  public static final int BURST = 20;

  /** One more event per object and reason after each such period. */
  public static final Duration REFILL = Duration.ofSeconds(30);

  private final int burst;
  private final Duration refill;
  private final Clock clock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  public EventRateLimiter(int burst, Duration refill, Clock clock) {
    this.burst = burst;
    this.refill = refill;
    this.clock = clock;
  }

  /** The operator's limiter: {@link #BURST} at once, then one per {@link #REFILL}. */
  public static EventRateLimiter standard(Clock clock) {
    return new EventRateLimiter(BURST, REFILL, clock);
  }

  /** How many of {@code wanted} events for this key may be published now. */
  public int take(String objectUid, EventReason reason, int wanted) {
    Bucket bucket =
        buckets.computeIfAbsent(objectUid + "/" + reason, k -> new Bucket(burst, clock.millis()));
    synchronized (bucket) {
      long now = clock.millis();
      long refilled = (now - bucket.updatedAt) / Math.max(1, refill.toMillis());
      if (refilled > 0) {
        bucket.tokens = (int) Math.min(burst, bucket.tokens + refilled);
        bucket.updatedAt = now;
      }
      int granted = Math.min(wanted, bucket.tokens);
      bucket.tokens -= granted;
      return granted;
    }
  }

  /** Forgets a deleted object. */
  public void forget(String objectUid) {
    buckets.keySet().removeIf(key -> key.startsWith(objectUid + "/"));
  }

  private static final class Bucket {
    int tokens;
    long updatedAt;

    Bucket(int tokens, long updatedAt) {
      this.tokens = tokens;
      this.updatedAt = updatedAt;
    }
  }
}
