package io.s3posture.reconciler;

import io.s3posture.control.ControlOutcome;
import io.s3posture.control.OutcomeState;
import io.s3posture.events.EventReason;
import io.s3posture.events.PostureEvent;
import io.s3posture.fleet.AccountKey;
import io.s3posture.fleet.SubjectKey;
import io.s3posture.fleet.Transition;
import io.s3posture.fleet.Trigger;
import java.util.List;

/**
 * Words for transitions: each event names the subject, the control, expected and observed, and for
 * a check triggered by a change event, the API call and who made it.
 */
final class TransitionEvents {

  private TransitionEvents() {}

  /** The events of a check of {@code subject}: "bucket logs, ..." or "account 1234..., ...". */
  static List<PostureEvent> of(SubjectKey subject, List<Transition> transitions) {
    String what = (subject instanceof AccountKey account ? "account " : "bucket ") + subject.name();
    return transitions.stream()
        .map(t -> event(what, t.outcome(), t.previous(), t.trigger()))
        .toList();
  }

  /** The event for an outcome of {@code what} (e.g. "bucket logs" or "account 1234..."). */
  static PostureEvent event(String what, ControlOutcome o, OutcomeState previous, Trigger trigger) {
    String subject = what + ", " + o.control() + ": ";
    String after = trigger.describe();
    return switch (o.state()) {
      case COMPLIANT ->
          new PostureEvent(
              EventReason.Recovered,
              subject + "compliant again (was " + previous.word() + ")" + after);
      case CORRECTED ->
          new PostureEvent(
              EventReason.DriftCorrected,
              subject
                  + "drift corrected: set "
                  + o.drift().remediable().expected()
                  + " (observed "
                  + o.drift().remediable().observed()
                  + ")"
                  + after);
      case DRIFTED ->
          new PostureEvent(
              EventReason.DriftDetected,
              subject
                  + "drift detected: expected "
                  + o.drift().expected()
                  + ", observed "
                  + o.drift().observed()
                  + "; "
                  + o.message()
                  + after);
      case NEEDS_HUMAN ->
          new PostureEvent(
              EventReason.NeedsHuman,
              subject
                  + "expected "
                  + o.drift().expected()
                  + ", observed "
                  + o.drift().observed()
                  + "; "
                  + o.message()
                  + after);
      case CONFLICT -> new PostureEvent(EventReason.Conflict, subject + o.message());
      case EXEMPT -> new PostureEvent(EventReason.Exempted, subject + o.message());
      case FAILED ->
          new PostureEvent(
              EventReason.RemediationFailed,
              subject
                  + o.reasonLabel()
                  + ": "
                  + o.message()
                  + (o.drift().isNone() ? "" : " (expected " + o.drift().expected() + ")")
                  + after);
    };
  }
}
