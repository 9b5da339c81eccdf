package io.s3posture.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.s3posture.events.EventRateLimiter;
import io.s3posture.metrics.PolicyKey;
import io.s3posture.metrics.PostureMetrics;
import io.s3posture.status.OutcomeHistory;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Drops what the operator remembers about policies that no longer exist (their metrics series,
 * history, conflict claims). No finalizer is used, so deleting a policy never blocks and leaves its
 * buckets as they are.
 */
public final class ForgetDeletedPolicies {

  private final Map<String, PolicyKey> known = new ConcurrentHashMap<>();
  private final DesiredStateRegistry registry;
  private final OutcomeHistory history;
  private final PostureMetrics metrics;
  private final ResyncSchedule schedule;
  private final EventRateLimiter limiter;

  public ForgetDeletedPolicies(
      DesiredStateRegistry registry,
      OutcomeHistory history,
      PostureMetrics metrics,
      ResyncSchedule schedule,
      EventRateLimiter limiter) {
    this.registry = registry;
    this.history = history;
    this.metrics = metrics;
    this.schedule = schedule;
    this.limiter = limiter;
  }

  /**
   * Remembers the policy being reconciled and forgets every other one of its kind that is no longer
   * in the informer cache ({@code live}).
   */
  public void reconciling(
      String uid, PolicyKey key, java.util.stream.Stream<? extends HasMetadata> live) {
    known.put(uid, key);
    retainOnly(key.kind(), live.map(p -> p.getMetadata().getUid()).collect(Collectors.toSet()));
  }

  /** Forgets every known policy of {@code kind} whose uid is not in {@code liveUids}. */
  synchronized void retainOnly(String kind, Set<String> liveUids) {
    known
        .entrySet()
        .removeIf(
            entry -> {
              if (!entry.getValue().kind().equals(kind) || liveUids.contains(entry.getKey())) {
                return false;
              }
              metrics.forget(entry.getValue());
              schedule.forget(entry.getKey());
              limiter.forget(entry.getKey());
              registry.forgetUid(entry.getKey());
              history.forget(entry.getKey());
              return true;
            });
  }
}
