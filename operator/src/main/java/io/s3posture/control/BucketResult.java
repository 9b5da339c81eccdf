package io.s3posture.control;

import java.util.Comparator;
import java.util.List;

/** Every managed control's outcome for one bucket. */
public record BucketResult(String bucket, List<ControlOutcome> outcomes) {

  public BucketResult {
    outcomes = List.copyOf(outcomes);
  }

  /** The bucket's state: its worst control's. */
  public OutcomeState state() {
    return outcomes.stream()
        .map(ControlOutcome::state)
        .max(Comparator.naturalOrder())
        .orElse(OutcomeState.COMPLIANT);
  }

  public boolean retrySoon() {
    return outcomes.stream().anyMatch(ControlOutcome::retrySoon);
  }
}
