package io.s3posture.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.ResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.s3posture.concurrent.DaemonThreadFactory;
import io.s3posture.control.PolicyRef;
import io.s3posture.events.EventRateLimiter;
import io.s3posture.fleet.PolicyIndex;
import io.s3posture.fleet.SubjectWorkQueue;
import io.s3posture.metrics.PolicyKey;
import io.s3posture.metrics.PostureMetrics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Drops what the operator keeps about policies that no longer exist: their ledgers, queued bucket
 * checks, metric series, schedules and event limits. Deleting a policy never blocks (no finalizer)
 * and leaves its buckets as they are; its work stops within seconds.
 */
public final class ForgetDeletedPolicies implements AutoCloseable {

  static final long PERIOD_SECONDS = 5;

  private final PolicyIndex index;
  private final SubjectWorkQueue queue;
  private final PostureMetrics metrics;
  private final ResyncSchedule schedule;
  private final EventRateLimiter limiter;
  private final Map<String, ResourceCache<? extends HasMetadata>> live = new ConcurrentHashMap<>();
  private final List<Consumer<PolicyRef>> listeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          DaemonThreadFactory.named("forget-deleted-policies"));

  public ForgetDeletedPolicies(
      PolicyIndex index,
      SubjectWorkQueue queue,
      PostureMetrics metrics,
      ResyncSchedule schedule,
      EventRateLimiter limiter) {
    this.index = index;
    this.queue = queue;
    this.metrics = metrics;
    this.schedule = schedule;
    this.limiter = limiter;
    index.aliveWhen(this::alive);
    timer.scheduleWithFixedDelay(this::sweep, PERIOD_SECONDS, PERIOD_SECONDS, TimeUnit.SECONDS);
  }

  /** The live policies of a kind, as the informer cache has them. */
  public void watch(String kind, ResourceCache<? extends HasMetadata> cache) {
    live.putIfAbsent(kind, cache);
  }

  /**
   * Whether {@code ref} is still in its informer cache: a deleted policy stops governing buckets
   * the moment the informer sees the deletion, long before the next sweep forgets it.
   */
  boolean alive(PolicyRef ref) {
    ResourceCache<? extends HasMetadata> cache = live.get(ref.kind());
    if (cache == null) {
      return true;
    }
    return cache
        .get(new ResourceID(ref.name(), ref.namespace().isEmpty() ? null : ref.namespace()))
        .map(p -> ref.uid().equals(p.getMetadata().getUid()))
        .orElse(false);
  }

  /** Also tells {@code listener} about every policy forgotten. */
  public void onForget(Consumer<PolicyRef> listener) {
    listeners.add(listener);
  }

  /** Forgets everything about policies that are no longer in the informer caches. */
  synchronized void sweep() {
    live.forEach((kind, cache) -> index.retainOnly(kind, uids(cache), this::forget));
  }

  private void forget(PolicyRef ref) {
    queue.cancel(ref.uid());
    metrics.forget(new PolicyKey(ref.kind(), ref.namespace(), ref.name()));
    schedule.forget(ref.uid());
    limiter.forget(ref.uid());
    listeners.forEach(listener -> listener.accept(ref));
  }

  private static Set<String> uids(ResourceCache<? extends HasMetadata> cache) {
    return cache.list().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
