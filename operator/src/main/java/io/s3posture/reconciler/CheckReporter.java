package io.s3posture.reconciler;

import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.api.v1alpha1.BucketPolicyStatus;
import io.s3posture.control.BucketResult;
import io.s3posture.events.EventPublisher;
import io.s3posture.metrics.CheckTransition;
import io.s3posture.metrics.PolicyKey;
import io.s3posture.metrics.PostureMetrics;
import io.s3posture.status.BucketPolicyStatusFactory;
import io.s3posture.status.ConditionFactory;
import io.s3posture.status.OutcomeHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes a completed check visible: compares it with the last one, then builds the status, publishes
 * events for the transitions and records metrics.
 */
public final class CheckReporter {

  private final OutcomeHistory history;
  private final TransitionDetector detector;
  private final BucketPolicyStatusFactory statusFactory;
  private final ConditionFactory conditions;
  private final EventPublisher events;
  private final PostureMetrics metrics;

  public CheckReporter(
      OutcomeHistory history,
      TransitionDetector detector,
      BucketPolicyStatusFactory statusFactory,
      ConditionFactory conditions,
      EventPublisher events,
      PostureMetrics metrics) {
    this.history = history;
    this.detector = detector;
    this.statusFactory = statusFactory;
    this.conditions = conditions;
    this.events = events;
    this.metrics = metrics;
  }

  public BucketPolicyStatus report(
      BucketPolicy policy,
      PolicyKey key,
      List<BucketResult> results,
      Instant started,
      Duration interval) {
    String uid = policy.getMetadata().getUid();
    Map<OutcomeHistory.Key, OutcomeHistory.Entry> previous =
        history.previous(uid, () -> BucketPolicyStatusFactory.historyFrom(policy.getStatus()));
    TransitionDetector.Comparison comparison =
        detector.compare(previous, results, conditions.now());
    history.replace(uid, comparison.history());
    events.publish(policy, TransitionEvents.of(comparison.transitions()));
    metrics.checked(
        key,
        results,
        comparison.transitions().stream().map(t -> metricTransition(t, previous)).toList(),
        since(comparison.history()),
        interval,
        started);
    return statusFactory.checked(policy, results, comparison.history());
  }

  private static CheckTransition metricTransition(
      Transition t, Map<OutcomeHistory.Key, OutcomeHistory.Entry> previous) {
    OutcomeHistory.Entry before =
        previous.get(new OutcomeHistory.Key(t.bucket(), t.outcome().control()));
    return new CheckTransition(
        t.outcome().control().specName(),
        t.outcome().state(),
        !t.outcome().drift().isNone(),
        Optional.ofNullable(before).map(OutcomeHistory.Entry::since).map(CheckReporter::parse));
  }

  private static Map<String, Instant> since(Map<OutcomeHistory.Key, OutcomeHistory.Entry> entries) {
    Map<String, Instant> since = new HashMap<>();
    entries.forEach(
        (key, entry) -> {
          Instant instant = parse(entry.since());
          if (instant != null) {
            since.put(key.bucket() + "/" + key.control().specName(), instant);
          }
        });
    return since;
  }

  private static Instant parse(String timestamp) {
    try {
      return timestamp == null ? null : Instant.parse(timestamp);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }
}
