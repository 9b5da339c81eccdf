package io.s3posture.reconciler;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.s3posture.concurrent.DaemonThreadFactory;
import io.s3posture.control.PolicyRef;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Asks JOSDK to reconcile a policy when its ledger changed, so that status follows bucket checks
 * (sweeps and change events) without a write per bucket: requests within {@code delay} fold into
 * one reconcile, and a request that wants it sooner than the one pending (the end of a sweep after
 * progress updates) brings it forward.
 */
public final class StatusRefresh implements AutoCloseable {

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(DaemonThreadFactory.named("status-refresh"));
  private final Map<String, SimpleInboundEventSource<?>> sources = new ConcurrentHashMap<>();
  private final Map<String, ScheduledFuture<?>> scheduled = new ConcurrentHashMap<>();

  /** The event source of one kind's controller (registered by its reconciler). */
  public void register(String kind, SimpleInboundEventSource<?> source) {
    sources.put(kind, source);
  }

  /** A reconcile of {@code policy} within {@code delay}. */
  public void request(PolicyRef policy, Duration delay) {
    scheduled.compute(
        policy.uid(),
        (uid, pending) -> {
          if (pending != null && pending.getDelay(TimeUnit.MILLISECONDS) <= delay.toMillis()) {
            return pending; // one is due as soon or sooner
          }
          if (pending != null) {
            pending.cancel(false);
          }
          try {
            return timer.schedule(() -> fire(policy), delay.toMillis(), TimeUnit.MILLISECONDS);
          } catch (RejectedExecutionException stopped) {
            return null;
          }
        });
  }

  private void fire(PolicyRef policy) {
    // forget this refresh, not one scheduled after it
    scheduled.computeIfPresent(
        policy.uid(), (uid, f) -> f.getDelay(TimeUnit.MILLISECONDS) <= 0 ? null : f);
    SimpleInboundEventSource<?> source = sources.get(policy.kind());
    if (source != null) {
      source.propagateEvent(
          new ResourceID(policy.name(), policy.namespace().isEmpty() ? null : policy.namespace()));
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
