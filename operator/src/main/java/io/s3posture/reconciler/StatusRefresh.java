package io.s3posture.reconciler;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.s3posture.control.PolicyRef;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Asks JOSDK to reconcile a policy when its ledger changed, so that status follows bucket checks
 * (sweeps and change events) without a write per bucket: requests within {@code delay} fold into
 * one reconcile.
 */
public final class StatusRefresh implements AutoCloseable {

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "status-refresh");
            thread.setDaemon(true);
            return thread;
          });
  private final Map<String, SimpleInboundEventSource<?>> sources = new ConcurrentHashMap<>();
  private final Set<String> scheduled = ConcurrentHashMap.newKeySet();

  /** The event source of one kind's controller (registered by its reconciler). */
  public void register(String kind, SimpleInboundEventSource<?> source) {
    sources.put(kind, source);
  }

  /** A reconcile of {@code policy} within {@code delay}. */
  public void request(PolicyRef policy, Duration delay) {
    if (!scheduled.add(policy.uid())) {
      return;
    }
    timer.schedule(
        () -> {
          scheduled.remove(policy.uid());
          SimpleInboundEventSource<?> source = sources.get(policy.kind());
          if (source != null) {
            source.propagateEvent(
                new ResourceID(
                    policy.name(), policy.namespace().isEmpty() ? null : policy.namespace()));
          }
        },
        delay.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
