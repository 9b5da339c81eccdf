package io.s3posture.status;

import io.s3posture.api.v1alpha1.Finding;
import io.s3posture.api.v1alpha1.FindingState;
import io.s3posture.control.BucketResult;
import io.s3posture.control.ControlOutcome;
import io.s3posture.control.OutcomeState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The non-compliant bucket controls as status findings, worst first, capped so that status stays
 * small at any fleet size.
 */
public final class FindingsList {

  public static final int MAX_FINDINGS = 50;

  /** The findings to show and how many were left out. */
  public record Capped(List<Finding> shown, int omitted) {}

  private FindingsList() {}

  static Capped of(
      List<BucketResult> results, Map<OutcomeHistory.Key, OutcomeHistory.Entry> history) {
    List<Finding> all = new ArrayList<>();
    for (BucketResult result : results) {
      for (ControlOutcome outcome : result.outcomes()) {
        toState(outcome.state())
            .ifPresent(state -> all.add(finding(result.bucket(), outcome, state, history)));
      }
    }
    all.sort(
        Comparator.comparing((Finding f) -> severity(f.state()))
            .thenComparing(Finding::bucket)
            .thenComparing(Finding::control));
    List<Finding> shown = all.subList(0, Math.min(MAX_FINDINGS, all.size()));
    return new Capped(List.copyOf(shown), all.size() - shown.size());
  }

  private static Finding finding(
      String bucket,
      ControlOutcome outcome,
      FindingState state,
      Map<OutcomeHistory.Key, OutcomeHistory.Entry> history) {
    OutcomeHistory.Entry entry = history.get(new OutcomeHistory.Key(bucket, outcome.control()));
    boolean read = !outcome.drift().isNone();
    return new Finding(
        bucket,
        outcome.control().specName(),
        state,
        read ? outcome.drift().expected() : "(not read)",
        read ? outcome.drift().observed() : "(unknown)",
        outcome.message(),
        outcome.reason(),
        entry != null ? entry.since() : null);
  }

  public static Optional<FindingState> toState(OutcomeState state) {
    return switch (state) {
      case COMPLIANT, CORRECTED -> Optional.empty();
      case DRIFTED -> Optional.of(FindingState.Drifted);
      case NEEDS_HUMAN -> Optional.of(FindingState.NeedsHuman);
      case CONFLICT -> Optional.of(FindingState.Conflict);
      case FAILED -> Optional.of(FindingState.Failed);
    };
  }

  public static OutcomeState toOutcome(FindingState state) {
    return switch (state) {
      case Drifted -> OutcomeState.DRIFTED;
      case NeedsHuman -> OutcomeState.NEEDS_HUMAN;
      case Conflict -> OutcomeState.CONFLICT;
      case Failed -> OutcomeState.FAILED;
    };
  }

  private static int severity(FindingState state) {
    return switch (state) {
      case Failed -> 0;
      case Conflict -> 1;
      case NeedsHuman -> 2;
      case Drifted -> 3;
    };
  }
}
