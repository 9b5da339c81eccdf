package io.s3posture.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.s3posture.api.v1alpha1.BucketCounts;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.api.v1alpha1.BucketPolicyStatus;
import io.s3posture.api.v1alpha1.Finding;
import io.s3posture.control.BucketResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds a fresh BucketPolicy status from a check's results (or from why it could not run). */
public final class BucketPolicyStatusFactory {

  private final ConditionFactory conditions;

  public BucketPolicyStatusFactory(ConditionFactory conditions) {
    this.conditions = conditions;
  }

  public BucketPolicyStatus checked(
      BucketPolicy policy,
      List<BucketResult> results,
      Map<OutcomeHistory.Key, OutcomeHistory.Entry> history) {
    long generation = policy.getMetadata().getGeneration();
    List<Condition> previous = previousConditions(policy);
    BucketCounts counts = BucketCountsTally.of(results);
    FindingsList.Capped findings = FindingsList.of(results, history);
    Condition ready =
        conditions.build(
            ConditionType.Ready,
            true,
            ConditionReason.CheckSucceeded,
            "checked " + counts.governed() + " bucket(s)",
            generation,
            previous);
    Condition compliant = compliance(counts, generation, previous);
    return new BucketPolicyStatus(
        generation,
        List.of(ready, compliant),
        counts,
        findings.shown().isEmpty() ? null : findings.shown(),
        findings.omitted() > 0 ? findings.omitted() : null);
  }

  /** The check could not run: Ready False; counts and findings of the last check are kept. */
  public BucketPolicyStatus notChecked(
      BucketPolicy policy, ConditionReason reason, String message) {
    long generation = policy.getMetadata().getGeneration();
    List<Condition> previous = previousConditions(policy);
    Optional<BucketPolicyStatus> last = Optional.ofNullable(policy.getStatus());
    Condition ready =
        conditions.build(ConditionType.Ready, false, reason, message, generation, previous);
    Condition compliant =
        conditions.unknown(
            ConditionType.Compliant,
            ConditionReason.NotChecked,
            "not checked: " + reason,
            generation,
            previous);
    return new BucketPolicyStatus(
        generation,
        List.of(ready, compliant),
        last.map(BucketPolicyStatus::buckets).orElse(null),
        last.map(BucketPolicyStatus::findings).orElse(null),
        last.map(BucketPolicyStatus::findingsOmitted).orElse(null));
  }

  /** Seeds the outcome history from status findings (after an operator restart). */
  public static Map<OutcomeHistory.Key, OutcomeHistory.Entry> historyFrom(
      BucketPolicyStatus status) {
    Map<OutcomeHistory.Key, OutcomeHistory.Entry> seed = new HashMap<>();
    if (status == null || status.findings() == null) {
      return seed;
    }
    for (Finding finding : status.findings()) {
      io.s3posture.control.ControlName.fromSpecName(finding.control())
          .filter(control -> finding.bucket() != null && finding.state() != null)
          .ifPresent(
              control ->
                  seed.put(
                      new OutcomeHistory.Key(finding.bucket(), control),
                      new OutcomeHistory.Entry(
                          FindingsList.toOutcome(finding.state()),
                          String.valueOf(finding.reason()),
                          finding.since())));
    }
    return seed;
  }

  private Condition compliance(BucketCounts counts, long generation, List<Condition> previous) {
    if (counts.governed() == 0) {
      return conditions.build(
          ConditionType.Compliant,
          true,
          ConditionReason.NoBucketsGoverned,
          "no bucket matches spec.buckets",
          generation,
          previous);
    }
    int notCompliant = counts.governed() - counts.compliant();
    if (notCompliant == 0) {
      return conditions.build(
          ConditionType.Compliant,
          true,
          ConditionReason.AllCompliant,
          "all "
              + counts.governed()
              + " bucket(s) compliant"
              + (counts.corrected() > 0
                  ? ", " + counts.corrected() + " corrected in the last check"
                  : ""),
          generation,
          previous);
    }
    ConditionReason reason =
        counts.failed() > 0
            ? ConditionReason.ChecksFailed
            : counts.conflicted() > 0
                ? ConditionReason.Conflict
                : counts.needsHuman() > 0
                    ? ConditionReason.NeedsHuman
                    : ConditionReason.DriftDetected;
    return conditions.build(
        ConditionType.Compliant,
        false,
        reason,
        summary(counts, notCompliant),
        generation,
        previous);
  }

  private static String summary(BucketCounts counts, int notCompliant) {
    List<String> parts = new ArrayList<>();
    part(parts, counts.drifted(), "drifted (Audit)");
    part(parts, counts.needsHuman(), "need a person");
    part(parts, counts.conflicted(), "in conflict with another policy");
    part(parts, counts.failed(), "failed");
    return notCompliant
        + " of "
        + counts.governed()
        + " bucket(s) not compliant: "
        + String.join(", ", parts);
  }

  private static void part(List<String> parts, int count, String what) {
    if (count > 0) {
      parts.add(count + " " + what);
    }
  }

  private static List<Condition> previousConditions(BucketPolicy policy) {
    return policy.getStatus() != null && policy.getStatus().conditions() != null
        ? policy.getStatus().conditions()
        : List.of();
  }
}
