package io.s3posture.control;

import java.util.List;
import java.util.Optional;

/**
 * One setting the operator can keep on a subject (a bucket, an account). Implementations are
 * stateless; the engine ({@link TargetCheck}) does the rest: order, conflicts, Audit, gates,
 * writes, read-back and outcomes.
 *
 * @param <S> what is checked: a {@link BucketSubject} or an {@link AccountSubject}
 * @param <D> what a policy requires
 * @param <O> what the subject has, normalised so that "not configured" means what AWS means
 */
public interface Control<S, D, O> {

  /** The control's one registration: name, dependencies, ordering, change events. */
  ControlInfo info();

  default ControlName name() {
    return info().name();
  }

  /** One read (a check reads each setting once, whatever the number of controls using it). */
  O observe(S subject);

  /** Pure comparison. */
  Drift diff(D desired, O observed);

  /** The writes that remove the remediable part of the drift. Pure: no call is made here. */
  List<Write<S>> plan(S subject, D desired, O observed);

  /**
   * The one requirement that satisfies both {@code a} and {@code b} (the stricter one), when there
   * is one; empty when the two cannot both hold (a Conflict). Anything that satisfies the result
   * must satisfy both.
   */
  default Optional<D> combine(D a, D b) {
    return a.equals(b) ? Optional.of(a) : Optional.empty();
  }
}
