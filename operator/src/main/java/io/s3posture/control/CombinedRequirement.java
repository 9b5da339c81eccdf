package io.s3posture.control;

import java.util.List;
import java.util.Optional;

/**
 * The requirement to write for several enforcing policies: their requirements combined into the
 * stricter one. When they cannot all hold, nothing is written if the subject satisfies one of them
 * (no flip-flop); otherwise the first one's, since any of them beats the subject's state.
 *
 * @param target the requirement to write, if any
 * @param conflicting the policies whose requirements could not be combined (empty: none)
 */
record CombinedRequirement<D>(Optional<D> target, List<PolicyRef> conflicting) {

  static <D, O> CombinedRequirement<D> of(
      Control<?, D, O> control, List<Requirement<D>> enforcing, O observed) {
    Optional<D> combined = Optional.of(enforcing.get(0).desired());
    for (Requirement<D> other : enforcing.subList(1, enforcing.size())) {
      combined = combined.flatMap(c -> control.combine(c, other.desired()));
    }
    if (combined.isPresent()) {
      return new CombinedRequirement<>(combined, List.of());
    }
    boolean anySatisfied =
        enforcing.stream().anyMatch(r -> !control.diff(r.desired(), observed).hasRemediable());
    return new CombinedRequirement<>(
        anySatisfied ? Optional.empty() : Optional.of(enforcing.get(0).desired()),
        enforcing.stream().map(Requirement::policy).toList());
  }
}
