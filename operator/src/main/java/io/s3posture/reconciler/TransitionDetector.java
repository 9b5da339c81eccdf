package io.s3posture.reconciler;

import io.s3posture.control.BucketResult;
import io.s3posture.control.ControlOutcome;
import io.s3posture.control.OutcomeState;
import io.s3posture.status.OutcomeHistory.Entry;
import io.s3posture.status.OutcomeHistory.Key;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares a check's outcomes with the previous ones: which changed (for events and counters) and
 * the new history (a state keeps its "since" while it lasts).
 */
public final class TransitionDetector {

  public record Comparison(List<Transition> transitions, Map<Key, Entry> history) {}

  public Comparison compare(Map<Key, Entry> previous, List<BucketResult> results, String now) {
    List<Transition> transitions = new ArrayList<>();
    Map<Key, Entry> history = new HashMap<>();
    for (BucketResult result : results) {
      for (ControlOutcome outcome : result.outcomes()) {
        Key key = new Key(result.bucket(), outcome.control());
        Entry before = previous.get(key);
        OutcomeState from = before == null ? OutcomeState.COMPLIANT : before.state();
        if (isChange(before, outcome)) {
          transitions.add(new Transition(result.bucket(), outcome, from));
        }
        if (!outcome.state().isCompliant()) {
          String since = before != null && before.state() == outcome.state() ? before.since() : now;
          history.put(key, new Entry(outcome.state(), outcome.reason(), since));
        }
      }
    }
    return new Comparison(transitions, history);
  }

  private static boolean isChange(Entry before, ControlOutcome outcome) {
    OutcomeState to = outcome.state();
    if (to == OutcomeState.CORRECTED) {
      return true;
    }
    if (to == OutcomeState.COMPLIANT) {
      return before != null;
    }
    if (before == null || before.state() != to) {
      return true;
    }
    return to == OutcomeState.FAILED && !before.reason().equals(outcome.reason());
  }
}
