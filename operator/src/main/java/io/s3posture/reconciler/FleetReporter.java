package io.s3posture.reconciler;

import io.s3posture.control.ControlOutcome;
import io.s3posture.control.ManagedControl;
import io.s3posture.events.EventPublisher;
import io.s3posture.fleet.AccountKey;
import io.s3posture.fleet.GovernedBuckets;
import io.s3posture.fleet.GovernedPolicy;
import io.s3posture.fleet.PolicyLedger;
import io.s3posture.fleet.SubjectChecker;
import io.s3posture.fleet.SubjectKey;
import io.s3posture.fleet.Trigger;
import io.s3posture.metrics.PolicyKey;
import io.s3posture.metrics.PostureMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Makes a check visible at once, for a bucket or an account alike: events for its transitions,
 * metrics, and a status refresh of each policy (folded: status is rebuilt from the ledger, not per
 * check).
 */
public final class FleetReporter implements SubjectChecker.Reporter {

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
      GovernedPolicy<?> policy,
      SubjectKey subject,
      List<ControlOutcome> outcomes,
      PolicyLedger.Recorded recorded,
      PolicyLedger ledger) {
    events.publish(policy.resource(), TransitionEvents.of(subject, recorded.transitions()));
    PolicyKey key = key(policy);
    if (subject instanceof AccountKey account) {
      for (ControlOutcome outcome : outcomes) {
        metrics.accountChecked(
            key,
            account.accountId(),
            outcome,
            recorded.transitions().stream()
                .filter(t -> t.outcome().control().equals(outcome.control()))
                .toList());
      }
    } else {
      metrics.bucketChecked(
          key,
          subject.name(),
          policy.controls().stream().map(ManagedControl::name).toList(),
          outcomes,
          recorded.transitions(),
          ledger,
          recorded.notCompliant());
    }
    if (recorded.sweepCompleted()) {
      metrics.sweepCompleted(key, ledger);
      if (policy instanceof GovernedBuckets buckets) {
        SweepLog.completed(buckets, ledger);
      }
    }
    boolean sweeping = ledger.sweep().map(s -> s.pending() > 0).orElse(false);
    refresh.request(
        policy.ref(),
        sweeping && recorded.transitions().isEmpty() ? REFRESH_DURING_SWEEP : REFRESH_AFTER_CHANGE);
  }

  @Override
  public void checkRan(SubjectKey subject, Trigger trigger) {
    if (!(subject instanceof AccountKey)) {
      metrics.bucketCheckRan(trigger.label());
    }
  }

  static PolicyKey key(GovernedPolicy<?> policy) {
    return new PolicyKey(policy.ref().kind(), policy.ref().namespace(), policy.ref().name());
  }
}
