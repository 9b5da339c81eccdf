package io.s3posture.metrics;

import io.s3posture.control.OutcomeState;
import java.time.Instant;
import java.util.Optional;

/**
 * A change of one bucket control's state, as metrics count it.
 *
 * @param driftObserved the check saw the control differ from the policy (whatever it then did)
 * @param since when the previous not-compliant state began; empty when the control was compliant
 */
public record CheckTransition(
    String control, OutcomeState to, boolean driftObserved, Optional<Instant> since) {

  /** A compliant control seen drifted: the start of a drift episode, counted once. */
  public boolean startsDriftEpisode() {
    return since.isEmpty() && driftObserved && to != OutcomeState.COMPLIANT;
  }
}
