package io.s3posture.fleet;

import io.s3posture.control.ControlOutcome;
import io.s3posture.control.OutcomeState;
import java.time.Instant;
import java.util.Optional;

/**
 * A bucket control whose state changed in a way worth an event and a counter: judged against the
 * last known state, so a failed read in the middle of a drift episode neither ends nor restarts it.
 *
 * @param previous the state before (COMPLIANT when nothing was recorded)
 * @param startsDriftEpisode a control that was compliant is seen drifted (counted once)
 * @param episodeSince when the drift episode this transition ends began, if it ends one
 */
public record Transition(
    String bucket,
    ControlOutcome outcome,
    OutcomeState previous,
    boolean startsDriftEpisode,
    Optional<Instant> episodeSince,
    Trigger trigger) {}
