package io.s3posture.events;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes events about a policy. Callers pass only transitions; this class adds the rate limit:
 * per object and reason, events beyond the limit are folded into one summary event. The {@link
 * EventWriter} writes them (core/v1 events in the operator); publishing never fails a reconcile.
 */
public final class EventPublisher {

  private final EventWriter writer;
  private final EventRateLimiter limiter;
  private final Clock clock;

  public EventPublisher(EventWriter writer, EventRateLimiter limiter, Clock clock) {
    this.writer = Objects.requireNonNull(writer, "writer");
    this.limiter = Objects.requireNonNull(limiter, "limiter");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Events held back by the rate limit, per object and reason: summarised when it allows. */
  private final Map<String, Held> held = new ConcurrentHashMap<>();

  private record Held(int count, PostureEvent first) {}

  private final Map<String, Long> lastSummary = new ConcurrentHashMap<>();

  /**
   * Publishes one summary per reason of the events the rate limit held back ("RemediationFailed on
   * 37 more bucket controls ... First: ..."), at most one per object and reason per refill period.
   * Call it regularly (every status refresh does).
   */
  public void flushSummaries(HasMetadata about) {
    String uid = about.getMetadata().getUid();
    long now = clock.millis();
    for (EventReason reason : EventReason.values()) {
      String key = uid + "/" + reason;
      Held waiting = held.get(key);
      Long last = lastSummary.get(key);
      if (waiting != null
          && (last == null || now - last >= EventRateLimiter.REFILL.toMillis())
          && held.remove(key, waiting)) {
        lastSummary.put(key, now);
        write(about, reason, summary(reason, waiting.count(), waiting.first()));
      }
    }
  }

  private static String summary(EventReason reason, int count, PostureEvent first) {
    return String.format(
        Locale.ROOT,
        "%s on %d more bucket controls (rate-limited; see status and the s3posture_ metrics)."
            + " First: %s",
        reason,
        count,
        first.message());
  }

  public void publish(HasMetadata about, List<PostureEvent> events) {
    Map<EventReason, List<PostureEvent>> byReason = new LinkedHashMap<>();
    events.forEach(e -> byReason.computeIfAbsent(e.reason(), r -> new ArrayList<>()).add(e));
    byReason.forEach(
        (reason, ofReason) -> {
          String uid = about.getMetadata().getUid();
          int allowed = limiter.take(uid, reason, ofReason.size());
          ofReason.stream().limit(allowed).forEach(e -> write(about, reason, e.message()));
          if (allowed < ofReason.size()) {
            held.merge(
                uid + "/" + reason,
                new Held(ofReason.size() - allowed, ofReason.get(allowed)),
                (a, b) -> new Held(a.count() + b.count(), a.first()));
          }
        });
  }

  private void write(HasMetadata about, EventReason reason, String message) {
    writer.write(about, reason, message);
  }
}
