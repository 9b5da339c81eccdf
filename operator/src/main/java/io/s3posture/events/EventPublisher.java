package io.s3posture.events;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes core/v1 events about a policy. Callers pass only transitions; this class adds the rate
 * limit: per object and reason, events beyond the limit are folded into one summary event.
 * Publishing never fails a reconcile.
 */
public final class EventPublisher {

  static final String COMPONENT = "s3-posture-operator";
  private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
  private static final int MAX_MESSAGE = 1000;

  private final KubernetesClient client;
  private final EventRateLimiter limiter;
  private final Clock clock;
  private final String instance;

  public EventPublisher(KubernetesClient client, EventRateLimiter limiter, Clock clock) {
    this.client = client;
    this.limiter = limiter;
    this.clock = clock;
    this.instance = System.getenv().getOrDefault("POD_NAME", COMPONENT);
  }

  /** Events held back by the rate limit, per object and reason: summarised when it allows. */
  private final Map<String, Held> held = new java.util.concurrent.ConcurrentHashMap<>();

  private record Held(int count, PostureEvent first) {}

  private final Map<String, Long> lastSummary = new java.util.concurrent.ConcurrentHashMap<>();

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
    events.forEach(
        e -> byReason.computeIfAbsent(e.reason(), r -> new java.util.ArrayList<>()).add(e));
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
    String now =
        DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    String namespace =
        about.getMetadata().getNamespace() != null ? about.getMetadata().getNamespace() : "default";
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withName(
                about.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 13))
            .withNamespace(namespace)
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(about.getApiVersion())
                    .withKind(about.getKind())
                    .withName(about.getMetadata().getName())
                    .withNamespace(about.getMetadata().getNamespace())
                    .withUid(about.getMetadata().getUid())
                    .withResourceVersion(about.getMetadata().getResourceVersion())
                    .build())
            .withReason(reason.name())
            .withType(reason.type())
            .withMessage(
                message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message)
            .withCount(1)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .withReportingInstance(instance)
            .build();
    try {
      client.v1().events().inNamespace(namespace).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.warn(
          "could not publish {} event for {}: {}",
          reason,
          about.getMetadata().getName(),
          e.getMessage());
    }
  }
}
