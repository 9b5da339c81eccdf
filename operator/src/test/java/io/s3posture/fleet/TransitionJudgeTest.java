package io.s3posture.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.aws.FailureKind;
import io.s3posture.control.ControlName;
import io.s3posture.control.ControlOutcome;
import io.s3posture.control.Drift;
import io.s3posture.control.FieldDrift;
import io.s3posture.control.OutcomeReason;
import io.s3posture.control.OutcomeState;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Transitions are judged against the last known state: a failed read in the middle of a drift
 * episode is one failure event, and the drift seen again afterwards is not announced again and
 * keeps its "since".
 */
class TransitionJudgeTest {

  private static final ControlName C = ControlName.of("encryption");
  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
  private static final Instant T1 = T0.plusSeconds(60);
  private static final Instant T2 = T0.plusSeconds(120);
  private static final Drift DRIFT = Drift.of(FieldDrift.put("kmsKey", "k1", "attacker"));

  private static ControlOutcome drifted() {
    return new ControlOutcome(
        C, OutcomeState.DRIFTED, DRIFT, OutcomeReason.AuditMode, Optional.empty(), "m", false);
  }

  private static ControlOutcome readFailed(FailureKind kind) {
    return new ControlOutcome(
        C,
        OutcomeState.FAILED,
        Drift.NONE,
        OutcomeReason.AwsCallFailed,
        Optional.of(kind),
        "could not read",
        kind.isTransient());
  }

  private static ControlOutcome writeFailed() {
    return new ControlOutcome(
        C,
        OutcomeState.FAILED,
        DRIFT,
        OutcomeReason.AwsCallFailed,
        Optional.of(FailureKind.ACCESS_DENIED),
        "correction failed",
        false);
  }

  private static ControlOutcome of(OutcomeState state) {
    return new ControlOutcome(
        C,
        state,
        state == OutcomeState.COMPLIANT ? Drift.NONE : DRIFT,
        state == OutcomeState.CORRECTED ? OutcomeReason.DriftCorrected : OutcomeReason.Compliant,
        Optional.empty(),
        "",
        false);
  }

  private static TransitionJudge.Judgement judge(
      Optional<LedgerEntry> before, ControlOutcome outcome, Instant at) {
    return TransitionJudge.judge("b", before, outcome, Trigger.SWEEP, at);
  }

  /** A conflict on a bucket that keeps one policy's value: nothing differs from that policy. */
  private static ControlOutcome keptConflict() {
    return new ControlOutcome(
        C,
        OutcomeState.CONFLICT,
        Drift.NONE,
        OutcomeReason.Conflict,
        Optional.empty(),
        "policies [a/x, b/y] require incompatible encryption; the bucket keeps this policy's value",
        false);
  }

  @Test
  void aConflictSeenAgainIsNotAnnouncedAgainEvenWhenNothingDiffers() {
    var first = judge(Optional.empty(), keptConflict(), T0);
    var again = judge(first.next(), keptConflict(), T1);
    LedgerEntry seen = first.next().get();
    LedgerEntry remembered = // restored from status.memory, without the texts of a finding
        new LedgerEntry(
            seen.control(), seen.state(), seen.reason(), "", "", "", seen.since(), seen.known());
    var afterRestart = judge(Optional.of(remembered), keptConflict(), T2);

    assertThat(first.transition()).isPresent();
    assertThat(again.transition()).as("the same conflict, checked again").isEmpty();
    assertThat(again.next().get().since()).isEqualTo(T0);
    assertThat(afterRestart.transition()).as("the same conflict after a restart").isEmpty();
  }

  @Test
  void newDriftIsAnnouncedOnceAndKeepsItsSince() {
    var first = judge(Optional.empty(), drifted(), T0);
    var again = judge(first.next(), drifted(), T1);

    assertThat(first.transition()).isPresent();
    assertThat(first.transition().get().startsDriftEpisode()).isTrue();
    assertThat(again.transition()).isEmpty();
    assertThat(again.next().get().since()).isEqualTo(T0);
  }

  @Test
  void aFailedReadDuringDriftIsOneFailureAndTheSameDriftAfterItIsNotNews() {
    var drift = judge(Optional.empty(), drifted(), T0);
    var throttled = judge(drift.next(), readFailed(FailureKind.THROTTLED), T1);
    var stillThrottled = judge(throttled.next(), readFailed(FailureKind.THROTTLED), T1);
    var back = judge(stillThrottled.next(), drifted(), T2);

    assertThat(throttled.transition()).as("the failure is announced").isPresent();
    assertThat(throttled.next().get().known()).isEqualTo(OutcomeState.DRIFTED);
    assertThat(throttled.next().get().since()).as("the drift episode goes on").isEqualTo(T0);
    assertThat(stillThrottled.transition()).as("the same failure again").isEmpty();
    assertThat(back.transition()).as("the known drift, not a new one").isEmpty();
    assertThat(back.next().get().since()).isEqualTo(T0);
  }

  @Test
  void aDifferentFailureReasonIsAnnounced() {
    var throttled = judge(Optional.empty(), readFailed(FailureKind.THROTTLED), T0);
    var denied = judge(throttled.next(), readFailed(FailureKind.ACCESS_DENIED), T1);

    assertThat(denied.transition()).isPresent();
    assertThat(denied.next().get().since()).isEqualTo(T0);
  }

  @Test
  void aFailedReadOfACompliantControlStartsNoDriftEpisode() {
    var failed = judge(Optional.empty(), readFailed(FailureKind.THROTTLED), T0);
    var compliant = judge(failed.next(), of(OutcomeState.COMPLIANT), T1);

    assertThat(failed.transition().get().startsDriftEpisode()).isFalse();
    assertThat(failed.next().get().known()).isEqualTo(OutcomeState.COMPLIANT);
    assertThat(compliant.next()).isEmpty();
    assertThat(compliant.transition()).as("Recovered from the failure").isPresent();
  }

  @Test
  void aFailedCorrectionProvesTheDriftAndItsLaterCorrectionEndsTheSameEpisode() {
    var failed = judge(Optional.empty(), writeFailed(), T0);
    var corrected = judge(failed.next(), of(OutcomeState.CORRECTED), T1);

    assertThat(failed.transition().get().startsDriftEpisode()).isTrue();
    assertThat(failed.next().get().known()).isEqualTo(OutcomeState.DRIFTED);
    assertThat(corrected.transition().get().startsDriftEpisode())
        .as("counted once, when it began")
        .isFalse();
    assertThat(corrected.transition().get().episodeSince()).contains(T0);
  }

  @Test
  void aCorrectionIsAlwaysNewsAndStartsAndEndsAnEpisode() {
    var corrected = judge(Optional.empty(), of(OutcomeState.CORRECTED), T0);

    assertThat(corrected.next()).isEmpty();
    assertThat(corrected.transition().get().startsDriftEpisode()).isTrue();
    assertThat(corrected.transition().get().episodeSince()).isEmpty();
  }

  @Test
  void anEntryRestoredWithoutItsTextIsTheSameDrift() {
    LedgerEntry restored =
        new LedgerEntry(C, OutcomeState.DRIFTED, "AuditMode", "", "", "", T0, OutcomeState.DRIFTED);

    var after = judge(Optional.of(restored), drifted(), T1);

    assertThat(after.transition()).isEmpty();
    assertThat(after.next().get().since()).isEqualTo(T0);
  }

  @Test
  void driftThatChangesWhatItIsIsAnnouncedAgain() {
    var first = judge(Optional.empty(), drifted(), T0);
    ControlOutcome rekeyed =
        new ControlOutcome(
            C,
            OutcomeState.DRIFTED,
            Drift.of(FieldDrift.put("kmsKey", "k1", "another-attacker-key")),
            OutcomeReason.AuditMode,
            Optional.empty(),
            "m",
            false);

    var again = judge(first.next(), rekeyed, T1);

    assertThat(again.transition()).isPresent();
    assertThat(again.transition().get().startsDriftEpisode()).isFalse();
  }
}
