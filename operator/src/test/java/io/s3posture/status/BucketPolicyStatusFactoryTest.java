package io.s3posture.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.api.v1alpha1.BucketPolicyStatus;
import io.s3posture.api.v1alpha1.FindingState;
import io.s3posture.control.BucketResult;
import io.s3posture.control.ControlName;
import io.s3posture.control.ControlOutcome;
import io.s3posture.control.Drift;
import io.s3posture.control.FieldDrift;
import io.s3posture.control.OutcomeState;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BucketPolicyStatusFactoryTest {

  private static final Clock T1 =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private static final Clock T2 =
      Clock.fixed(Instant.parse("2026-01-02T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void countsBucketsByTheirWorstControlAndNamesTheWorstReason() {
    BucketPolicyStatus status =
        new BucketPolicyStatusFactory(new ConditionFactory(T1))
            .checked(
                policy(null),
                List.of(
                    bucket("ok", OutcomeState.COMPLIANT),
                    bucket("fixed", OutcomeState.CORRECTED),
                    bucket("audit", OutcomeState.DRIFTED),
                    bucket("mfa", OutcomeState.NEEDS_HUMAN),
                    bucket("gone", OutcomeState.FAILED)),
                Map.of());

    assertThat(status.buckets().governed()).isEqualTo(5);
    assertThat(status.buckets().compliant()).isEqualTo(2);
    assertThat(status.buckets().corrected()).isEqualTo(1);
    assertThat(status.buckets().drifted()).isEqualTo(1);
    assertThat(status.buckets().needsHuman()).isEqualTo(1);
    assertThat(status.buckets().failed()).isEqualTo(1);
    assertThat(condition(status, "Compliant").getReason()).isEqualTo("ChecksFailed");
    assertThat(condition(status, "Compliant").getMessage()).contains("3 of 5");
    assertThat(status.findings())
        .extracting(f -> f.state())
        .containsExactly(FindingState.Failed, FindingState.NeedsHuman, FindingState.Drifted);
  }

  @Test
  void findingsAreCappedAndCountTheRest() {
    List<BucketResult> results =
        IntStream.range(0, 70).mapToObj(i -> bucket("b" + i, OutcomeState.DRIFTED)).toList();
    BucketPolicyStatus status =
        new BucketPolicyStatusFactory(new ConditionFactory(T1))
            .checked(policy(null), results, Map.of());
    assertThat(status.findings()).hasSize(FindingsList.MAX_FINDINGS);
    assertThat(status.findingsOmitted()).isEqualTo(20);
  }

  @Test
  void anUnchangedCheckBuildsAnIdenticalStatus() {
    List<BucketResult> results = List.of(bucket("audit", OutcomeState.DRIFTED));
    BucketPolicyStatus first =
        new BucketPolicyStatusFactory(new ConditionFactory(T1))
            .checked(policy(null), results, Map.of());
    BucketPolicyStatus second =
        new BucketPolicyStatusFactory(new ConditionFactory(T2))
            .checked(policy(first), results, Map.of());
    assertThat(second).isEqualTo(first);
  }

  @Test
  void aConditionThatChangesStatusGetsANewTransitionTime() {
    BucketPolicyStatus drifted =
        new BucketPolicyStatusFactory(new ConditionFactory(T1))
            .checked(policy(null), List.of(bucket("b", OutcomeState.DRIFTED)), Map.of());
    BucketPolicyStatus compliant =
        new BucketPolicyStatusFactory(new ConditionFactory(T2))
            .checked(policy(drifted), List.of(bucket("b", OutcomeState.COMPLIANT)), Map.of());
    assertThat(condition(compliant, "Compliant").getLastTransitionTime())
        .isEqualTo("2026-01-02T00:00:00Z");
    assertThat(condition(compliant, "Ready").getLastTransitionTime())
        .isEqualTo("2026-01-01T00:00:00Z");
  }

  @Test
  void notCheckedKeepsTheLastCountsAndFindings() {
    BucketPolicyStatus checked =
        new BucketPolicyStatusFactory(new ConditionFactory(T1))
            .checked(policy(null), List.of(bucket("b", OutcomeState.DRIFTED)), Map.of());
    BucketPolicyStatus failed =
        new BucketPolicyStatusFactory(new ConditionFactory(T2))
            .notChecked(
                policy(checked),
                ConditionReason.TargetsUnavailable,
                "ListBuckets failed: AccessDenied");
    assertThat(condition(failed, "Ready").getStatus()).isEqualTo("False");
    assertThat(condition(failed, "Ready").getReason()).isEqualTo("TargetsUnavailable");
    assertThat(condition(failed, "Compliant").getStatus()).isEqualTo("Unknown");
    assertThat(failed.buckets()).isEqualTo(checked.buckets());
    assertThat(failed.findings()).isEqualTo(checked.findings());
  }

  @Test
  void historyIsSeededFromStatusFindings() {
    BucketPolicyStatus status =
        new BucketPolicyStatusFactory(new ConditionFactory(T1))
            .checked(
                policy(null),
                List.of(bucket("b", OutcomeState.NEEDS_HUMAN)),
                Map.of(
                    new OutcomeHistory.Key("b", ControlName.VERSIONING),
                    new OutcomeHistory.Entry(
                        OutcomeState.NEEDS_HUMAN, "NeedsHuman", "2025-12-24T00:00:00Z")));
    assertThat(BucketPolicyStatusFactory.historyFrom(status))
        .containsEntry(
            new OutcomeHistory.Key("b", ControlName.VERSIONING),
            new OutcomeHistory.Entry(OutcomeState.NEEDS_HUMAN, "r", "2025-12-24T00:00:00Z"));
  }

  private static BucketResult bucket(String name, OutcomeState state) {
    Drift drift =
        state == OutcomeState.COMPLIANT
            ? Drift.NONE
            : Drift.of(FieldDrift.put("status", "Enabled", "Suspended"));
    return new BucketResult(
        name,
        List.of(new ControlOutcome(ControlName.VERSIONING, state, drift, "r", "message", false)));
  }

  private static BucketPolicy policy(BucketPolicyStatus status) {
    BucketPolicy policy = new BucketPolicy();
    policy.setMetadata(
        new ObjectMetaBuilder().withName("p").withNamespace("ns").withGeneration(2L).build());
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
