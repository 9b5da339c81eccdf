package io.s3posture.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.api.v1alpha1.BucketPolicyStatus;
import io.s3posture.api.v1alpha1.FindingState;
import io.s3posture.aws.FailureKind;
import io.s3posture.control.ControlName;
import io.s3posture.control.ControlOutcome;
import io.s3posture.control.Drift;
import io.s3posture.control.FieldDrift;
import io.s3posture.control.OutcomeReason;
import io.s3posture.control.OutcomeState;
import io.s3posture.control.PolicyRef;
import io.s3posture.fleet.PolicyLedger;
import io.s3posture.fleet.Trigger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BucketPolicyStatusFactoryTest {

  private static final Instant T1 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T2 = Instant.parse("2026-01-01T00:05:00Z");

  /** Three resync intervals (10 min by default) after T1. */
  private static final Instant T1_PLUS_30M = Instant.parse("2026-01-01T00:30:00Z");

  private static final ControlName ENCRYPTION = ControlName.of("encryption");
  private static final ControlName VERSIONING = ControlName.of("versioning");
  private static final PolicyRef REF = new PolicyRef("BucketPolicy", "ns", "p", "uid-1");

  private final BucketPolicyStatusFactory factory =
      new BucketPolicyStatusFactory(new ConditionFactory(Clock.fixed(T1, ZoneOffset.UTC)));

  private static ControlOutcome outcome(ControlName control, OutcomeState state) {
    Drift drift =
        state == OutcomeState.COMPLIANT
            ? Drift.NONE
            : Drift.of(FieldDrift.put("field", "wanted", "found"));
    OutcomeReason reason =
        switch (state) {
          case COMPLIANT -> OutcomeReason.Compliant;
          case CORRECTED -> OutcomeReason.DriftCorrected;
          case EXEMPT -> OutcomeReason.Exempt;
          case DRIFTED -> OutcomeReason.AuditMode;
          case NEEDS_HUMAN -> OutcomeReason.NeedsHuman;
          case CONFLICT -> OutcomeReason.Conflict;
          case FAILED -> OutcomeReason.VerificationFailed;
        };
    return new ControlOutcome(control, state, drift, reason, Optional.empty(), "m", false);
  }

  private static PolicyLedger swept(Map<String, OutcomeState> buckets, Instant at) {
    PolicyLedger ledger = new PolicyLedger(REF, Map.of());
    ledger.startSweep(buckets.keySet(), Set.of(ENCRYPTION, VERSIONING), at);
    buckets.forEach(
        (bucket, state) ->
            ledger.record(bucket, List.of(outcome(ENCRYPTION, state)), Trigger.SWEEP, at));
    return ledger;
  }

  @Test
  void countsBucketsByTheirWorstControlAndNamesTheWorstReason() {
    PolicyLedger ledger =
        swept(
            Map.of(
                "ok", OutcomeState.COMPLIANT,
                "fixed", OutcomeState.CORRECTED,
                "audit", OutcomeState.DRIFTED,
                "mfa", OutcomeState.NEEDS_HUMAN,
                "gone", OutcomeState.FAILED),
            T1);

    BucketPolicyStatus status = factory.build(policy(null), ledger, Optional.empty());

    assertThat(status.buckets().governed()).isEqualTo(5);
    assertThat(status.buckets().compliant()).isEqualTo(2);
    assertThat(status.buckets().corrected()).isEqualTo(1);
    assertThat(status.buckets().drifted()).isEqualTo(1);
    assertThat(status.buckets().needsHuman()).isEqualTo(1);
    assertThat(status.buckets().failed()).isEqualTo(1);
    assertThat(status.buckets().notChecked()).isZero();
    assertThat(condition(status, "Ready").getStatus()).isEqualTo("False");
    assertThat(condition(status, "Ready").getReason()).isEqualTo("ChecksFailed");
    assertThat(condition(status, "Ready").getMessage()).contains("3 of 5");
    assertThat(condition(status, "Synced").getStatus()).isEqualTo("True");
    assertThat(status.findings())
        .extracting(f -> f.state())
        .containsExactly(FindingState.Failed, FindingState.NeedsHuman, FindingState.Drifted);
    assertThat(status.lastCheckTime()).isEqualTo("2026-01-01T00:00:00Z");
  }

  @Test
  void readyIsTrueOnlyWhenEveryGovernedBucketIsCompliant() {
    BucketPolicyStatus status =
        factory.build(
            policy(null),
            swept(Map.of("a", OutcomeState.COMPLIANT, "b", OutcomeState.CORRECTED), T1),
            Optional.empty());

    assertThat(condition(status, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(status, "Ready").getReason()).isEqualTo("AllCompliant");
  }

  /**
   * A change event re-checks one bucket of a policy with many: the counts and findings follow that
   * bucket and keep every other bucket's last result, and lastCheckTime stays the sweep's (a
   * partial re-check is not a complete check).
   */
  @Test
  void aChangeEventOnOneBucketOfManyUpdatesThatBucketAndKeepsTheOthers() {
    PolicyLedger ledger =
        swept(
            Map.of(
                "a", OutcomeState.COMPLIANT,
                "b", OutcomeState.COMPLIANT,
                "c", OutcomeState.DRIFTED),
            T1);
    Trigger event = Trigger.changeEvent("PutBucketEncryption", Optional.of("arn:x"), T2);

    ledger.record("b", List.of(outcome(ENCRYPTION, OutcomeState.DRIFTED)), event, T2);
    BucketPolicyStatus drifted = factory.build(policy(null), ledger, Optional.empty());

    assertThat(drifted.buckets().governed()).isEqualTo(3);
    assertThat(drifted.buckets().compliant()).isEqualTo(1);
    assertThat(drifted.buckets().drifted()).isEqualTo(2);
    assertThat(drifted.findings()).extracting(f -> f.bucket()).containsExactlyInAnyOrder("b", "c");
    assertThat(drifted.lastCheckTime()).isEqualTo("2026-01-01T00:00:00Z");

    ledger.record("c", List.of(outcome(ENCRYPTION, OutcomeState.CORRECTED)), event, T2);
    ledger.record("b", List.of(outcome(ENCRYPTION, OutcomeState.CORRECTED)), event, T2);
    BucketPolicyStatus corrected = factory.build(policy(null), ledger, Optional.empty());

    assertThat(corrected.buckets().compliant()).isEqualTo(3);
    assertThat(corrected.findings()).isNullOrEmpty();
    assertThat(condition(corrected, "Ready").getStatus()).isEqualTo("True");
  }

  @Test
  void untilTheFirstSweepCompletesReadyIsUnknownAndSyncedShowsProgress() {
    PolicyLedger ledger = new PolicyLedger(REF, Map.of());
    ledger.startSweep(List.of("a", "b", "c"), Set.of(ENCRYPTION), T1);
    ledger.record("a", List.of(outcome(ENCRYPTION, OutcomeState.DRIFTED)), Trigger.SWEEP, T1);

    BucketPolicyStatus status = factory.build(policy(null), ledger, Optional.empty());

    assertThat(condition(status, "Ready").getStatus()).isEqualTo("Unknown");
    assertThat(condition(status, "Ready").getReason()).isEqualTo("NotChecked");
    assertThat(condition(status, "Synced").getStatus()).isEqualTo("Unknown");
    assertThat(condition(status, "Synced").getMessage()).isEqualTo("checked 1 of 3 bucket(s)");
    assertThat(status.buckets().notChecked()).isEqualTo(2);
    assertThat(status.lastCheckTime()).isNull();
  }

  @Test
  void aSelectorThatMatchesNothingIsNotReady() {
    BucketPolicyStatus status = factory.build(policy(null), swept(Map.of(), T1), Optional.empty());

    assertThat(condition(status, "Ready").getStatus()).isEqualTo("False");
    assertThat(condition(status, "Ready").getReason()).isEqualTo("NoBucketsSelected");
  }

  @Test
  void aSweepThatCannotStartIsNotSyncedWithTheReason() {
    BucketPolicyStatus status =
        factory.build(
            policy(null),
            swept(Map.of("a", OutcomeState.COMPLIANT), T1),
            Optional.of(
                new SyncProblem(
                    ConditionReason.TargetsUnavailable,
                    "could not assume role arn:aws:iam::1:role/x: AccessDenied",
                    false)));

    assertThat(condition(status, "Synced").getStatus()).isEqualTo("False");
    assertThat(condition(status, "Synced").getReason()).isEqualTo("TargetsUnavailable");
    assertThat(condition(status, "Synced").getMessage()).contains("could not assume role");
    assertThat(condition(status, "Ready").getStatus())
        .as("not what an earlier check found: nothing can be checked now")
        .isEqualTo("False");
    assertThat(condition(status, "Ready").getReason()).isEqualTo("ChecksFailed");
    assertThat(condition(status, "Ready").getMessage())
        .isEqualTo(
            "nothing could be checked: could not assume role arn:aws:iam::1:role/x: AccessDenied");
    assertThat(condition(status, "Stalled").getStatus()).as("a person must act").isEqualTo("True");
  }

  @Test
  void aSweepThatReadNothingIsNotSyncedEvenWhenThePolicyNamesItsBuckets() {
    PolicyLedger ledger =
        swept(Map.of("a", OutcomeState.COMPLIANT, "b", OutcomeState.COMPLIANT), T1);
    ledger.startSweep(List.of("a", "b"), Set.of(ENCRYPTION), T2);
    for (String bucket : List.of("a", "b")) {
      ledger.record(bucket, List.of(unreachable()), Trigger.SWEEP, T2);
    }

    BucketPolicyStatus status = factory.build(policy(null), ledger, Optional.empty());

    assertThat(condition(status, "Synced").getStatus()).isEqualTo("False");
    assertThat(condition(status, "Synced").getReason()).isEqualTo("AwsCallFailed");
    assertThat(condition(status, "Synced").getMessage())
        .isEqualTo("no bucket could be read in the last check: could not read: connection refused");
    assertThat(condition(status, "Reconciling").getStatus())
        .as("a network failure: retried")
        .isEqualTo("True");
    assertThat(status.buckets().compliant()).isZero();
    assertThat(status.buckets().failed()).isEqualTo(2);

    ledger.record("a", List.of(outcome(ENCRYPTION, OutcomeState.COMPLIANT)), Trigger.RETRY, T2);
    assertThat(
            condition(factory.build(policy(status), ledger, Optional.empty()), "Synced")
                .getStatus())
        .as("a check that reads again ends it")
        .isEqualTo("True");
  }

  private static ControlOutcome unreachable() {
    return new ControlOutcome(
        ENCRYPTION,
        OutcomeState.FAILED,
        Drift.NONE,
        OutcomeReason.AwsCallFailed,
        Optional.of(FailureKind.NETWORK),
        "could not read: connection refused",
        true);
  }

  @Test
  void findingsAreCappedAndCountTheRest() {
    Map<String, OutcomeState> buckets = new TreeMap<>();
    IntStream.range(0, 60).forEach(i -> buckets.put("b" + i, OutcomeState.DRIFTED));

    BucketPolicyStatus status = factory.build(policy(null), swept(buckets, T1), Optional.empty());

    assertThat(status.findings()).hasSize(50);
    assertThat(status.findingsOmitted()).isEqualTo(10);
  }

  @Test
  void theSameLedgerGivesTheSameStatusAndTransitionTimesDoNotMove() {
    PolicyLedger ledger = swept(Map.of("a", OutcomeState.DRIFTED), T1);
    BucketPolicyStatus first = factory.build(policy(null), ledger, Optional.empty());

    BucketPolicyStatus again =
        new BucketPolicyStatusFactory(new ConditionFactory(Clock.fixed(T2, ZoneOffset.UTC)))
            .build(policy(first), ledger, Optional.empty());

    assertThat(again).isEqualTo(first);
  }

  @Test
  void complianceLastVerifiedMoreThanTwoIntervalsAgoIsNotClaimed() {
    PolicyLedger ledger =
        swept(Map.of("a", OutcomeState.COMPLIANT, "b", OutcomeState.COMPLIANT), T1);
    BucketPolicyStatus fresh = factory.build(policy(null), ledger, Optional.empty());

    BucketPolicyStatus later =
        new BucketPolicyStatusFactory(
                new ConditionFactory(Clock.fixed(T1_PLUS_30M, ZoneOffset.UTC)))
            .build(policy(fresh), ledger, Optional.empty());

    assertThat(condition(fresh, "Ready").getReason()).isEqualTo("AllCompliant");
    assertThat(condition(later, "Ready").getStatus()).isEqualTo("Unknown");
    assertThat(condition(later, "Ready").getReason()).isEqualTo("EvidenceStale");
    assertThat(condition(later, "Ready").getMessage())
        .isEqualTo(
            "2 of 2 bucket(s) were last checked more than two resync intervals ago: see Synced");
    assertThat(condition(later, "Reconciling").getStatus()).isEqualTo("True");
    assertThat(fresh.buckets().compliant()).isEqualTo(2);
    assertThat(later.buckets().compliant()).as("not counted compliant on old evidence").isZero();
    assertThat(later.buckets().unverified()).isEqualTo(2);
  }

  @Test
  void auditDriftIsReportedWhateverItsAge() {
    PolicyLedger ledger = swept(Map.of("a", OutcomeState.DRIFTED), T1);

    BucketPolicyStatus later =
        new BucketPolicyStatusFactory(
                new ConditionFactory(Clock.fixed(T1_PLUS_30M, ZoneOffset.UTC)))
            .build(policy(null), ledger, Optional.empty());

    assertThat(condition(later, "Ready").getStatus())
        .as("an Audit policy holds as declared when it reports its drift")
        .isEqualTo("True");
    assertThat(condition(later, "Ready").getReason()).isEqualTo("DriftDetected");
    assertThat(condition(later, "Ready").getMessage())
        .isEqualTo(
            "1 of 1 bucket(s) not compliant: 1 drifted (reported, not corrected: Audit mode)");
    assertThat(later.conditions()).extracting(c -> c.getType()).containsExactly("Ready", "Synced");
  }

  @Test
  void aLaterSweepThatRunsLongShowsItsProgressAndOneThatDoesNotShowsNothing() {
    PolicyLedger ledger =
        swept(Map.of("a", OutcomeState.COMPLIANT, "b", OutcomeState.COMPLIANT), T1);
    ledger.startSweep(List.of("a", "b"), Set.of(ENCRYPTION), T1);
    ledger.record("a", List.of(outcome(ENCRYPTION, OutcomeState.COMPLIANT)), Trigger.SWEEP, T1);

    BucketPolicyStatus justStarted = factory.build(policy(null), ledger, Optional.empty());
    BucketPolicyStatus running =
        new BucketPolicyStatusFactory(new ConditionFactory(Clock.fixed(T2, ZoneOffset.UTC)))
            .build(policy(justStarted), ledger, Optional.empty());

    assertThat(condition(justStarted, "Synced").getReason()).isEqualTo("CheckSucceeded");
    assertThat(condition(running, "Synced").getStatus()).isEqualTo("True");
    assertThat(condition(running, "Synced").getReason()).isEqualTo("Checking");
    assertThat(condition(running, "Synced").getMessage())
        .startsWith("check under way since 2026-01-01T00:00:00Z: 1 of 2 bucket(s) checked");
    assertThat(condition(running, "Synced").getLastTransitionTime())
        .isEqualTo(condition(justStarted, "Synced").getLastTransitionTime());
  }

  @Test
  void aRestartedLedgerCountsItsEvidenceFromTheStatusItCameFrom() {
    BucketPolicyStatus before =
        factory.build(
            policy(null),
            swept(Map.of("a", OutcomeState.COMPLIANT, "b", OutcomeState.DRIFTED), T1),
            Optional.empty());
    PolicyLedger restarted = new PolicyLedger(REF, BucketPolicyMemory.ledger(before));
    restarted.startSweep(List.of("a", "b"), Set.of(ENCRYPTION, VERSIONING), T2);

    BucketPolicyStatus soon =
        new BucketPolicyStatusFactory(new ConditionFactory(Clock.fixed(T2, ZoneOffset.UTC)))
            .build(policy(before), restarted, Optional.empty());

    assertThat(restarted.checkedBefore(T2)).isEqualTo(2);
    assertThat(restarted.checkedBefore(T1)).isZero();
    assertThat(soon.conditions()).isEqualTo(before.conditions());
  }

  /**
   * While change events are enabled and not received, Synced (still True: the checks run) says so;
   * the same note gives the same status (no write per poll), and it goes when events arrive again.
   */
  @Test
  void syncedSaysWhenChangeEventsAreNotReceivedAndOnlyThen() {
    PolicyLedger ledger = swept(Map.of("a", OutcomeState.COMPLIANT), T1);
    AtomicReference<Optional<String>> note = new AtomicReference<>(Optional.empty());
    BucketPolicyStatusFactory withEvents =
        new BucketPolicyStatusFactory(
            new ConditionFactory(Clock.fixed(T1, ZoneOffset.UTC)), note::get);
    BucketPolicyStatus received = withEvents.build(policy(null), ledger, Optional.empty());
    assertThat(received).isEqualTo(factory.build(policy(null), ledger, Optional.empty()));

    note.set(Optional.of("change events are not received (queue q: AccessDenied)"));
    BucketPolicyStatus notReceived = withEvents.build(policy(received), ledger, Optional.empty());
    assertThat(condition(notReceived, "Synced").getStatus()).isEqualTo("True");
    assertThat(condition(notReceived, "Synced").getReason()).isEqualTo("CheckSucceeded");
    assertThat(condition(notReceived, "Synced").getMessage())
        .isEqualTo("buckets are checked; change events are not received (queue q: AccessDenied)");
    assertThat(withEvents.build(policy(notReceived), ledger, Optional.empty()))
        .isEqualTo(notReceived);

    note.set(Optional.empty());
    assertThat(withEvents.build(policy(notReceived), ledger, Optional.empty())).isEqualTo(received);
  }

  /**
   * What the status remembers (every non-compliant control, beyond the 50 findings shown) is what a
   * restarted operator starts from: the same status, the same "since" times.
   */
  @Test
  void aRestartedLedgerBuildsTheSameStatus() {
    Map<String, OutcomeState> buckets = new TreeMap<>();
    IntStream.range(0, 80).forEach(i -> buckets.put("b" + i, OutcomeState.DRIFTED));
    BucketPolicyStatus before = factory.build(policy(null), swept(buckets, T1), Optional.empty());

    PolicyLedger restarted = new PolicyLedger(REF, BucketPolicyMemory.ledger(before));
    BucketPolicyStatus after = factory.build(policy(before), restarted, Optional.empty());

    assertThat(restarted.notCompliant()).hasSize(80);
    assertThat(restarted.notCompliant().get("b79").get(ENCRYPTION).since()).isEqualTo(T1);
    assertThat(after.findings()).isEqualTo(before.findings());
    assertThat(after.buckets()).isEqualTo(before.buckets());
    assertThat(after.conditions()).isEqualTo(before.conditions());
    assertThat(after.remembered()).isEqualTo(before.remembered());
    assertThat(before.remembered())
        .as("the 30 buckets findings leave out, in one readable entry")
        .singleElement()
        .satisfies(
            entry -> {
              assertThat(entry.control()).isEqualTo("encryption");
              assertThat(entry.state()).isEqualTo("Drifted");
              assertThat(entry.since()).isEqualTo(T1.toString());
              assertThat(entry.buckets()).hasSize(30);
            });
  }

  @Test
  void aRestartKeepsTheCountOfCorrectedBuckets() {
    PolicyLedger ledger =
        swept(Map.of("a", OutcomeState.CORRECTED, "b", OutcomeState.COMPLIANT), T1);
    BucketPolicyStatus before = factory.build(policy(null), ledger, Optional.empty());

    PolicyLedger restarted = new PolicyLedger(REF, BucketPolicyMemory.ledger(before));
    restarted.startSweep(List.of("a", "b"), Set.of(ENCRYPTION, VERSIONING), T2); // as sweeps do
    BucketPolicyStatus after = factory.build(policy(before), restarted, Optional.empty());

    assertThat(before.buckets().corrected()).isEqualTo(1);
    assertThat(after).isEqualTo(before);
  }

  @Test
  void aCompliantPolicyRemembersNothingBeyondItsStatus() {
    BucketPolicyStatus status =
        factory.build(policy(null), swept(Map.of("a", OutcomeState.DRIFTED), T1), Optional.empty());

    assertThat(status.remembered()).as("the finding says it all").isNull();
    assertThat(status.memory()).isNull();
  }

  private static BucketPolicy policy(BucketPolicyStatus status) {
    BucketPolicy policy = new BucketPolicy();
    policy.setMetadata(
        new ObjectMetaBuilder().withName("p").withNamespace("ns").withGeneration(1L).build());
    policy.setStatus(status);
    return policy;
  }

  private static Condition condition(BucketPolicyStatus status, String type) {
    return status.conditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }
}
