package io.s3posture.fleet;

import io.s3posture.control.ControlOutcome;
import io.s3posture.control.OutcomeState;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides, for one control of one bucket, what the ledger remembers after an outcome and whether
 * the change deserves an event. Pure.
 *
 * <ul>
 *   <li>A correction is always an event; compliant after anything recorded is Recovered.
 *   <li>A failure starts an episode (one event per failure reason), and does not change the last
 *       known state: after it, the same drift as before is not announced again and keeps its
 *       "since".
 *   <li>Drift (Audit), NeedsHuman and Conflict are announced when they differ from the last known
 *       state.
 * </ul>
 */
final class TransitionJudge {

  /** What to remember (empty: compliant, nothing to remember) and the transition, if any. */
  record Judgement(Optional<LedgerEntry> next, Optional<Transition> transition) {}

  private TransitionJudge() {}

  static Judgement judge(
      String bucket,
      Optional<LedgerEntry> before,
      ControlOutcome outcome,
      Trigger trigger,
      Instant now) {
    OutcomeState to = outcome.state();
    OutcomeState previous = before.map(LedgerEntry::state).orElse(OutcomeState.COMPLIANT);
    OutcomeState known = before.map(LedgerEntry::known).orElse(OutcomeState.COMPLIANT);
    boolean inEpisode = known != OutcomeState.COMPLIANT;
    Optional<Instant> episodeSince = before.filter(b -> inEpisode).map(LedgerEntry::since);
    switch (to) {
      case COMPLIANT -> {
        return new Judgement(
            Optional.empty(),
            before.map(
                b -> new Transition(bucket, outcome, previous, false, episodeSince, trigger)));
      }
      case CORRECTED -> {
        return new Judgement(
            Optional.empty(),
            Optional.of(
                new Transition(bucket, outcome, previous, !inEpisode, episodeSince, trigger)));
      }
      case FAILED -> {
        boolean sameFailure =
            previous == OutcomeState.FAILED && before.get().reason().equals(outcome.reasonLabel());
        Instant since = inEpisode || previous == OutcomeState.FAILED ? before.get().since() : now;
        // a failed correction proves the drift; a failed read proves nothing about the bucket
        OutcomeState stillKnown =
            outcome.drift().isNone() || previous == OutcomeState.FAILED
                ? known
                : previousDrift(known);
        LedgerEntry next = entry(outcome, since, stillKnown);
        return new Judgement(
            Optional.of(next),
            sameFailure
                ? Optional.empty()
                : Optional.of(
                    new Transition(
                        bucket,
                        outcome,
                        previous,
                        !inEpisode && !outcome.drift().isNone(),
                        Optional.empty(),
                        trigger)));
      }
      default -> {
        boolean sameAsKnown = known == to;
        Instant since = sameAsKnown ? before.get().since() : now;
        LedgerEntry next = entry(outcome, since, to);
        boolean unchanged = sameAsKnown && sameDrift(before.get(), outcome);
        return new Judgement(
            Optional.of(next),
            unchanged || (sameAsKnown && previous == OutcomeState.FAILED)
                ? Optional.empty()
                : Optional.of(
                    new Transition(
                        bucket, outcome, previous, !inEpisode, Optional.empty(), trigger)));
      }
    }
  }

  /** A failed correction of a control that was compliant: it is drifted now. */
  private static OutcomeState previousDrift(OutcomeState known) {
    return known == OutcomeState.COMPLIANT ? OutcomeState.DRIFTED : known;
  }

  /**
   * The same state with the same findings is no news; a new expected value is. Both sides are
   * compared as the ledger keeps them (a conflict on a bucket that keeps one policy's value has no
   * drift, kept as "(not read)"). An entry restored after a restart without its text (beyond the
   * findings shown in status) counts as the same.
   */
  private static boolean sameDrift(LedgerEntry before, ControlOutcome outcome) {
    if (before.expected().isEmpty()) {
      return before.state() == outcome.state();
    }
    LedgerEntry now = entry(outcome, before.since(), outcome.state());
    return before.state() == now.state()
        && before.expected().equals(now.expected())
        && before.observed().equals(now.observed());
  }

  static LedgerEntry entry(ControlOutcome outcome, Instant since, OutcomeState known) {
    boolean read = !outcome.drift().isNone();
    return new LedgerEntry(
        outcome.control(),
        outcome.state(),
        outcome.reasonLabel(),
        read ? outcome.drift().expected() : "(not read)",
        read ? outcome.drift().observed() : "(unknown)",
        outcome.message(),
        since,
        known);
  }
}
