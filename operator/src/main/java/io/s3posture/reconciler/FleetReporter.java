package io.s3posture.reconciler;

import io.s3posture.control.ControlOutcome;
import io.s3posture.control.ManagedControl;
import io.s3posture.events.EventPublisher;
import io.s3posture.fleet.BucketChecker;
import io.s3posture.fleet.GovernedPolicy;
import io.s3posture.fleet.PolicyLedger;
import io.s3posture.fleet.Trigger;
import io.s3posture.metrics.PolicyKey;
import io.s3posture.metrics.PostureMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Makes a bucket check visible at once: events for its transitions, metrics, and a status refresh
 * of each policy (folded: status is rebuilt from the ledger, not per bucket).
 */
public final class FleetReporter implements BucketChecker.Reporter {

  static final Duration REFRESH_AFTER_CHANGE = Duration.ofSeconds(2);
  static final Duration REFRESH_DURING_SWEEP = Duration.ofSeconds(10);

  private final EventPublisher events;
  private final PostureMetrics metrics;
  private final StatusRefresh refresh;

  public FleetReporter(EventPublisher events, PostureMetrics metrics, StatusRefresh refresh) {
    this.events = Objects.requireNonNull(events, "events");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.refresh = Objects.requireNonNull(refresh, "refresh");
  }

  @Override
  public void checked(
      GovernedPolicy policy,
      String bucket,
      List<ControlOutcome> outcomes,
      PolicyLedger.Recorded recorded,
      PolicyLedger ledger) {
    events.publish(policy.resource(), TransitionEvents.of(recorded.transitions()));
    PolicyKey key = key(policy);
    metrics.bucketChecked(
        key,
        bucket,
        policy.controls().stream().map(ManagedControl::name).toList(),
        outcomes,
        recorded.transitions(),
        ledger,
        recorded.notCompliant());
    if (recorded.sweepCompleted()) {
      metrics.sweepCompleted(key, ledger);
      SweepLog.completed(policy, ledger);
    }
    boolean sweeping = ledger.sweep().map(s -> s.pending() > 0).orElse(false);
    refresh.request(
        policy.ref(),
        sweeping && recorded.transitions().isEmpty() ? REFRESH_DURING_SWEEP : REFRESH_AFTER_CHANGE);
  }

  @Override
  public void bucketCheckRan(Trigger trigger) {
    metrics.bucketCheckRan(trigger.label());
  }

  static PolicyKey key(GovernedPolicy policy) {
    return new PolicyKey(policy.ref().kind(), policy.ref().namespace(), policy.ref().name());
  }
}
