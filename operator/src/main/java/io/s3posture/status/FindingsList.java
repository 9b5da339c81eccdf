package io.s3posture.status;

import io.s3posture.api.v1alpha1.Finding;
import io.s3posture.api.v1alpha1.FindingState;
import io.s3posture.control.ControlName;
import io.s3posture.control.OutcomeState;
import io.s3posture.fleet.LedgerEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The non-compliant (and exempt) bucket controls as status findings, worst first, capped so that
 * status stays small at any fleet size.
 */
public final class FindingsList {

  public static final int MAX_FINDINGS = 50;

  /** The findings to show and how many were left out. */
  public record Capped(List<Finding> shown, int omitted) {

    /** The bucket controls shown, as {@code bucket/control}. */
    public Set<String> keys() {
      return shown.stream().map(f -> f.bucket() + "/" + f.control()).collect(Collectors.toSet());
    }
  }

  private FindingsList() {}

  static Capped of(Map<String, Map<ControlName, LedgerEntry>> notCompliant) {
    List<Finding> all = new ArrayList<>();
    notCompliant.forEach(
        (bucket, entries) ->
            entries
                .values()
                .forEach(
                    entry ->
                        toState(entry.state())
                            .ifPresent(state -> all.add(finding(bucket, null, entry, state)))));
    all.sort(
        Comparator.comparing((Finding f) -> toOutcome(f.state()), OutcomeState.WORST_FIRST)
            .thenComparing(Finding::bucket)
            .thenComparing(Finding::control));
    List<Finding> shown = all.subList(0, Math.min(MAX_FINDINGS, all.size()));
    return new Capped(List.copyOf(shown), all.size() - shown.size());
  }

  /** The finding of a ledger entry, about a bucket or an account. */
  static Finding finding(String bucket, String account, LedgerEntry entry, FindingState state) {
    return new Finding(
        bucket,
        account,
        entry.control().specName(),
        state,
        entry.expected(),
        entry.observed(),
        entry.message(),
        entry.reason(),
        BucketPolicyStatusFactory.format(entry.since()));
  }

  /** The finding state of a control in {@code state}; none while it is compliant. */
  public static Optional<FindingState> toState(OutcomeState state) {
    return state.isCompliant() ? Optional.empty() : Optional.of(FindingState.valueOf(state.word()));
  }

  public static OutcomeState toOutcome(FindingState state) {
    return OutcomeState.ofWord(state.name()).orElseThrow();
  }
}
