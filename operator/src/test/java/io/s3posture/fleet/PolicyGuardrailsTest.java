package io.s3posture.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.control.ControlName;
import io.s3posture.control.WriteGate.Decision;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PolicyGuardrailsTest {

  private static final ControlName VERSIONING = ControlName.of("versioning");
  private static final ControlName ENCRYPTION = ControlName.of("defaultEncryption");
  private static final List<String> ENABLE = List.of("PutBucketVersioning: Status=Enabled");
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

  private final PolicyGuardrails guardrails = new PolicyGuardrails();

  @Test
  void aNewSpecChangesAtMostTheLimitThenPauses() {
    guardrails.update(new PolicyGuardrails.Settings(10, 10, false), 1);

    List<Decision> decisions =
        IntStream.range(0, 50)
            .mapToObj(i -> guardrails.decide("b" + i, VERSIONING, ENABLE, NOW))
            .toList();

    assertThat(decisions.subList(0, 10)).containsOnly(Decision.ALLOW);
    assertThat(decisions.subList(10, 50)).containsOnly(Decision.PAUSED);
    assertThat(guardrails.pause())
        .hasValueSatisfying(
            p -> {
              assertThat(p.reason()).isEqualTo(PolicyGuardrails.PauseReason.TooManyChanges);
              assertThat(p.message()).contains("more than 10 bucket(s)");
            });
    assertThat(guardrails.decide("b0", VERSIONING, ENABLE, NOW))
        .as("a pause stops every write, also to buckets already changed")
        .isEqualTo(Decision.PAUSED);
  }

  @Test
  void aBucketAlreadyChangedDoesNotCountTwice() {
    guardrails.update(new PolicyGuardrails.Settings(1, 10, false), 1);

    assertThat(guardrails.decide("b", VERSIONING, ENABLE, NOW)).isEqualTo(Decision.ALLOW);
    assertThat(guardrails.decide("b", ENCRYPTION, List.of("PutBucketEncryption: x"), NOW))
        .isEqualTo(Decision.ALLOW);
    assertThat(guardrails.pause()).isEmpty();
  }

  @Test
  void afterTheFirstSweepDriftIsRestoredWithoutBudget() {
    guardrails.update(new PolicyGuardrails.Settings(1, 10, false), 1);
    guardrails.decide("b0", VERSIONING, ENABLE, NOW);
    guardrails.sweepCompleted();

    for (int i = 0; i < 20; i++) {
      assertThat(guardrails.decide("b" + i, VERSIONING, ENABLE, NOW)).isEqualTo(Decision.ALLOW);
    }
  }

  @Test
  void theResumeAnnotationLiftsThePauseOnceAndTheSpecsBudget() {
    guardrails.update(new PolicyGuardrails.Settings(1, 10, false), 1);
    guardrails.decide("b0", VERSIONING, ENABLE, NOW);
    guardrails.decide("b1", VERSIONING, ENABLE, NOW);
    assertThat(guardrails.pause()).isPresent();

    assertThat(guardrails.resumeWith("go")).isTrue();
    assertThat(guardrails.decide("b2", VERSIONING, ENABLE, NOW)).isEqualTo(Decision.ALLOW);
    assertThat(guardrails.decide("b3", VERSIONING, ENABLE, NOW)).isEqualTo(Decision.ALLOW);
    assertThat(guardrails.resumeWith("go")).as("the same value twice resumes once").isFalse();
  }

  @Test
  void anOldResumeValueDoesNotLiftTheBudgetOfANewSpec() {
    guardrails.update(new PolicyGuardrails.Settings(1, 10, false), 1);
    assertThat(guardrails.resumeWith("left-from-before")).isFalse();

    guardrails.decide("b0", VERSIONING, ENABLE, NOW);
    assertThat(guardrails.decide("b1", VERSIONING, ENABLE, NOW)).isEqualTo(Decision.PAUSED);
  }

  @Test
  void aNewGenerationLiftsAPause() {
    guardrails.update(new PolicyGuardrails.Settings(1, 10, false), 1);
    guardrails.decide("b0", VERSIONING, ENABLE, NOW);
    guardrails.decide("b1", VERSIONING, ENABLE, NOW);

    guardrails.update(new PolicyGuardrails.Settings(1, 10, false), 2);

    assertThat(guardrails.pause()).isEmpty();
    assertThat(guardrails.decide("b1", VERSIONING, ENABLE, NOW)).isEqualTo(Decision.ALLOW);
  }

  @Test
  void moreFailedCorrectionsThanTheThresholdInOneSweepTripTheBreaker() {
    guardrails.update(new PolicyGuardrails.Settings(100, 3, false), 1);
    guardrails.failedCorrections(2, NOW);
    guardrails.sweepStarted();
    guardrails.failedCorrections(3, NOW);
    assertThat(guardrails.pause()).as("3 is the limit, not beyond it").isEmpty();

    guardrails.failedCorrections(1, NOW);

    assertThat(guardrails.pause())
        .hasValueSatisfying(
            p ->
                assertThat(p.reason())
                    .isEqualTo(PolicyGuardrails.PauseReason.TooManyWriteFailures));
  }

  @Test
  void manualApprovalRecordsThePlanAndAllowsExactlyTheApprovedWrites() {
    guardrails.update(new PolicyGuardrails.Settings(100, 10, true), 1);
    assertThat(guardrails.decide("b1", VERSIONING, ENABLE, NOW))
        .isEqualTo(Decision.AWAITING_APPROVAL);
    guardrails.settled("b1", Map.of(VERSIONING, true));
    Plan plan = guardrails.plan();
    assertThat(plan.lines()).containsExactly("b1\tversioning\tPutBucketVersioning: Status=Enabled");

    assertThat(guardrails.approve("0123456789abcdef")).as("a stale hash").isEmpty();
    assertThat(guardrails.approve(plan.hash())).contains(Set.of("b1"));

    assertThat(guardrails.decide("b1", VERSIONING, List.of("PutBucketVersioning: other"), NOW))
        .as("a write that changed since approval waits again")
        .isEqualTo(Decision.AWAITING_APPROVAL);
    assertThat(guardrails.decide("b1", VERSIONING, ENABLE, NOW)).isEqualTo(Decision.ALLOW);
    guardrails.settled("b1", Map.of(VERSIONING, false));
    assertThat(guardrails.plan().isEmpty()).isTrue();
    assertThat(guardrails.decide("b1", VERSIONING, ENABLE, NOW))
        .as("an approval is used up by the write it approved")
        .isEqualTo(Decision.AWAITING_APPROVAL);
    assertThat(guardrails.lastApplied()).contains(plan.hash());
  }

  @Test
  void aRestartRemembersThePauseAndThatTheSpecWasSweptOnce() {
    PolicyGuardrails.Pause pause =
        new PolicyGuardrails.Pause(PolicyGuardrails.PauseReason.TooManyChanges, "m", NOW);
    guardrails.update(new PolicyGuardrails.Settings(1, 10, false), 3);
    guardrails.restore(
        new PolicyGuardrails.Remembered(
            Optional.of(pause), Optional.of("r"), Optional.empty(), true));
    guardrails.restore(PolicyGuardrails.Remembered.NOTHING);

    assertThat(guardrails.pause()).contains(pause);
    assertThat(guardrails.resumeWith("r")).isFalse();
    assertThat(guardrails.resumeWith("r2")).isTrue();
  }

  @Test
  void aRestartIsNotASpecChange() {
    guardrails.update(new PolicyGuardrails.Settings(1, 10, false), 3);
    guardrails.restore(
        new PolicyGuardrails.Remembered(
            Optional.empty(), Optional.empty(), Optional.empty(), true));

    assertThat(guardrails.decide("b0", VERSIONING, ENABLE, NOW)).isEqualTo(Decision.ALLOW);
    assertThat(guardrails.decide("b1", VERSIONING, ENABLE, NOW)).isEqualTo(Decision.ALLOW);
  }

  @Test
  void aRestartBeforeTheFirstSweepCompletedKeepsTheBudget() {
    guardrails.update(new PolicyGuardrails.Settings(1, 10, false), 3);
    guardrails.restore(PolicyGuardrails.Remembered.NOTHING);

    assertThat(guardrails.decide("b0", VERSIONING, ENABLE, NOW)).isEqualTo(Decision.ALLOW);
    assertThat(guardrails.decide("b1", VERSIONING, ENABLE, NOW)).isEqualTo(Decision.PAUSED);
  }

  @Test
  void thePlanHashChangesWithAnyWrite() {
    guardrails.update(new PolicyGuardrails.Settings(100, 10, true), 1);
    guardrails.decide("b1", VERSIONING, ENABLE, NOW);
    String first = guardrails.plan().hash();
    guardrails.decide("b1", VERSIONING, List.of("PutBucketVersioning: Status=Suspended"), NOW);

    assertThat(guardrails.plan().hash()).isNotEqualTo(first).hasSize(16);
  }
}
