package io.s3posture.reconciler;

import io.s3posture.aws.AwsFailure;
import io.s3posture.events.EventPublisher;
import io.s3posture.events.EventReason;
import io.s3posture.events.PostureEvent;
import io.s3posture.fleet.CredentialsAdvice;
import io.s3posture.fleet.GovernedPolicy;
import io.s3posture.metrics.PostureMetrics;
import io.s3posture.status.ConditionReason;
import io.s3posture.status.SyncProblem;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Why a policy's sweeps cannot start (its subjects cannot be listed, its credentials are refused),
 * by policy uid: shown in Synced, counted, logged and announced once per change of problem, and
 * ended with a Recovered event by the next listing that works.
 */
final class SweepProblems {

  private static final Logger LOG = LoggerFactory.getLogger(SweepProblems.class);

  private final EventPublisher events;
  private final PostureMetrics metrics;
  private final Map<String, SyncProblem> problems = new ConcurrentHashMap<>();

  SweepProblems(EventPublisher events, PostureMetrics metrics) {
    this.events = Objects.requireNonNull(events, "events");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  Optional<SyncProblem> of(String uid) {
    return Optional.ofNullable(problems.get(uid));
  }

  /**
   * Listing {@code subjects} failed; {@code shownBefore} comes before AWS's cause in the message.
   * An AWS failure is transient or not as AWS said; anything else is an internal error.
   */
  void failed(
      GovernedPolicy<?> governed, RuntimeException error, String subjects, String shownBefore) {
    SyncProblem problem;
    if (error instanceof AwsFailure failure) {
      metrics.checkFailed(FleetReporter.key(governed), failure.kind().reason());
      problem =
          new SyncProblem(
              ConditionReason.TargetsUnavailable,
              shownBefore + CredentialsAdvice.forOperator(failure.kind(), failure.getMessage()),
              failure.isTransient());
    } else {
      LOG.error("unexpected error listing {}", subjects, error);
      problem =
          new SyncProblem(ConditionReason.InternalError, String.valueOf(error.getMessage()), false);
    }
    SyncProblem before = problems.put(governed.ref().uid(), problem);
    if (!problem.equals(before)) {
      // logged once per change of problem; the event and status say it until it is resolved
      LOG.warn("could not list {}: {}", subjects, problem.message());
      events.publish(
          governed.resource(),
          List.of(new PostureEvent(EventReason.CheckFailed, problem.message())));
    }
  }

  /** An error of the reconcile itself: shown in Synced until a sweep starts again. */
  void failedUnexpectedly(String uid, Exception e) {
    problems.put(
        uid, new SyncProblem(ConditionReason.InternalError, String.valueOf(e.getMessage()), false));
  }

  /** A listing worked: a problem there was ends, announced by {@code message}. */
  void recovered(GovernedPolicy<?> governed, String message) {
    if (problems.remove(governed.ref().uid()) != null) {
      events.publish(
          governed.resource(), List.of(new PostureEvent(EventReason.Recovered, message)));
    }
  }

  void forget(String uid) {
    problems.remove(uid);
  }
}
