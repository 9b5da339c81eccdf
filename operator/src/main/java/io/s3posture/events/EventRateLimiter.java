package io.s3posture.events;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Token buckets for events: one per (object, reason), bursts of up to {@code burst} events, then
 * one per {@code refill}; and one for the whole operator, so that the event stream does not grow
 * with the number of failing policies. An event is published when both allow it.
 */
public final class EventRateLimiter {

  /** Events one object may get for one reason at once. */
  public static final int BURST = 20;

  /** One more event per object and reason after each such period. */
  public static final Duration REFILL = Duration.ofSeconds(30);

  /** Events the operator may publish at once, about all its objects together. */
  public static final int OPERATOR_BURST = 100;

  /** One more event for the operator after each such period: 60 a minute, sustained. */
  public static final Duration OPERATOR_REFILL = Duration.ofSeconds(1);

  private final TokenBucket.Settings perObject;
  private final TokenBucket operator;
  private final Clock clock;
  private final Map<String, TokenBucket> buckets = new HashMap<>();

  public EventRateLimiter(int burst, Duration refill, Clock clock) {
    this(burst, refill, Integer.MAX_VALUE, Duration.ofMillis(1), clock);
  }

  public EventRateLimiter(
      int burst, Duration refill, int operatorBurst, Duration operatorRefill, Clock clock) {
    this.perObject = new TokenBucket.Settings(burst, refill);
    this.clock = clock;
    this.operator =
        new TokenBucket(new TokenBucket.Settings(operatorBurst, operatorRefill), clock.millis());
  }

  /**
   * The operator's limiter: {@link #BURST} at once per object and reason, then one per {@link
   * #REFILL}; {@link #OPERATOR_BURST} at once in all, then one per {@link #OPERATOR_REFILL}.
   */
  public static EventRateLimiter standard(Clock clock) {
    return new EventRateLimiter(BURST, REFILL, OPERATOR_BURST, OPERATOR_REFILL, clock);
  }

  /** How many of {@code wanted} events for this key may be published now. */
  public synchronized int take(String objectUid, EventReason reason, int wanted) {
    long now = clock.millis();
    TokenBucket bucket =
        buckets.computeIfAbsent(objectUid + "/" + reason, k -> new TokenBucket(perObject, now));
    int granted = Math.min(wanted, Math.min(bucket.available(now), operator.available(now)));
    bucket.take(granted);
    operator.take(granted);
    return granted;
  }

  /** Whether one event outside the per-object limits (a summary) may be published now. */
  public synchronized boolean takeOperatorWide() {
    if (operator.available(clock.millis()) < 1) {
      return false;
    }
    operator.take(1);
    return true;
  }

  /** Forgets a deleted object. */
  public synchronized void forget(String objectUid) {
    buckets.keySet().removeIf(key -> key.startsWith(objectUid + "/"));
  }

  /** Tokens up to a burst, one more per refill period. Not thread-safe. */
  private static final class TokenBucket {

    record Settings(int burst, Duration refill) {}

    private final Settings settings;
    private int tokens;
    private long updatedAt;

    TokenBucket(Settings settings, long now) {
      this.settings = settings;
      this.tokens = settings.burst();
      this.updatedAt = now;
    }

    int available(long now) {
      long refilled = (now - updatedAt) / Math.max(1, settings.refill().toMillis());
      if (refilled > 0) {
        tokens = (int) Math.min(settings.burst(), tokens + refilled);
        updatedAt += refilled * Math.max(1, settings.refill().toMillis());
      }
      if (tokens >= settings.burst()) {
        updatedAt = now;
      }
      return tokens;
    }

    void take(int n) {
      tokens -= n;
    }
  }
}
