package io.s3posture.changes;

import java.time.Duration;
import java.util.Objects;

/**
 * How the source consumes its queues.
 *
 * @param longPoll ReceiveMessage's WaitTimeSeconds (long polling, at most 20 s)
 * @param visibilityTimeout how long a received message stays hidden from other receivers: longer
 *     than the engine takes to handle an event, or it is delivered (and checked) twice
 * @param maxInFlight messages per queue handed to the sink and not yet done; receiving pauses while
 *     this many are in flight (back-pressure)
 * @param sinkTimeout a sink stage not completed by then counts as failed (the message stays)
 * @param minBackoff first pause after a failed receive
 * @param maxBackoff longest pause between failed receives
 * @param shutdownGrace how long closing waits for in-flight events to complete and be deleted
 */
public record SourceSettings(
    Duration longPoll,
    Duration visibilityTimeout,
    int maxInFlight,
    Duration sinkTimeout,
    Duration minBackoff,
    Duration maxBackoff,
    Duration shutdownGrace) {

  public SourceSettings {
    Objects.requireNonNull(longPoll, "longPoll");
    Objects.requireNonNull(visibilityTimeout, "visibilityTimeout");
    Objects.requireNonNull(sinkTimeout, "sinkTimeout");
    Objects.requireNonNull(minBackoff, "minBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    if (longPoll.isNegative() || longPoll.compareTo(Duration.ofSeconds(20)) > 0) {
      throw new IllegalArgumentException("longPoll must be 0..20 s, got " + longPoll);
    }
    if (visibilityTimeout.compareTo(Duration.ofSeconds(1)) < 0
        || visibilityTimeout.compareTo(Duration.ofHours(12)) > 0) {
      throw new IllegalArgumentException("visibilityTimeout must be 1 s..12 h");
    }
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1");
    }
    if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
      throw new IllegalArgumentException("need 0 < minBackoff <= maxBackoff");
    }
  }

  /**
   * Long polls of 10 s (a stopping leader waits for its poll in flight to end); a 5-minute
   * visibility timeout (an event's check normally takes seconds; a burst may queue it behind
   * others); 1,000 messages in flight per queue (a burst of events for the same buckets must be in
   * flight together to coalesce into one check per bucket: with fewer in flight than buckets, each
   * bucket's events would arrive one check apart); backoff 1 s..60 s.
   */
  public static SourceSettings defaults() {
    return new SourceSettings(
        Duration.ofSeconds(10),
        Duration.ofMinutes(5),
        1000,
        Duration.ofMinutes(5),
        Duration.ofSeconds(1),
        Duration.ofSeconds(60),
        Duration.ofSeconds(10));
  }

  public SourceSettings withLongPoll(Duration value) {
    return new SourceSettings(
        value, visibilityTimeout, maxInFlight, sinkTimeout, minBackoff, maxBackoff, shutdownGrace);
  }

  public SourceSettings withVisibilityTimeout(Duration value) {
    return new SourceSettings(
        longPoll, value, maxInFlight, sinkTimeout, minBackoff, maxBackoff, shutdownGrace);
  }

  public SourceSettings withMaxInFlight(int value) {
    return new SourceSettings(
        longPoll, visibilityTimeout, value, sinkTimeout, minBackoff, maxBackoff, shutdownGrace);
  }

  public SourceSettings withSinkTimeout(Duration value) {
    return new SourceSettings(
        longPoll, visibilityTimeout, maxInFlight, value, minBackoff, maxBackoff, shutdownGrace);
  }

  public SourceSettings withBackoff(Duration min, Duration max) {
    return new SourceSettings(
        longPoll, visibilityTimeout, maxInFlight, sinkTimeout, min, max, shutdownGrace);
  }
}
