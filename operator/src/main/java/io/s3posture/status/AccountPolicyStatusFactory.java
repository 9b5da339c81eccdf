package io.s3posture.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.s3posture.api.v1alpha1.AccountPolicy;
import io.s3posture.api.v1alpha1.AccountPolicyStatus;
import io.s3posture.api.v1alpha1.Finding;
import io.s3posture.api.v1alpha1.PublicAccessBlockState;
import io.s3posture.aws.PublicAccessBlock;
import io.s3posture.control.ControlOutcome;
import java.util.List;

/** Builds a fresh AccountPolicy status from the account check. */
public final class AccountPolicyStatusFactory {

  private final ConditionFactory conditions;

  public AccountPolicyStatusFactory(ConditionFactory conditions) {
    this.conditions = conditions;
  }

  public AccountPolicyStatus checked(
      AccountPolicy policy, ControlOutcome outcome, PublicAccessBlock observed, String since) {
    long generation = policy.getMetadata().getGeneration();
    List<Condition> previous = previous(policy);
    if (outcome.state() == io.s3posture.control.OutcomeState.FAILED && observed == null) {
      return notChecked(policy, ConditionReason.AwsCallFailed, outcome.message());
    }
    Condition ready =
        conditions.build(
            ConditionType.Ready,
            true,
            ConditionReason.CheckSucceeded,
            "account checked",
            generation,
            previous);
    Condition compliant =
        outcome.state().isCompliant()
            ? conditions.build(
                ConditionType.Compliant,
                true,
                ConditionReason.AllCompliant,
                outcome.state() == io.s3posture.control.OutcomeState.CORRECTED
                    ? "account public access block corrected"
                    : "account public access block as declared",
                generation,
                previous)
            : conditions.build(
                ConditionType.Compliant,
                false,
                outcome.state() == io.s3posture.control.OutcomeState.FAILED
                    ? ConditionReason.ChecksFailed
                    : ConditionReason.DriftDetected,
                "expected "
                    + outcome.drift().expected()
                    + ", observed "
                    + outcome.drift().observed(),
                generation,
                previous);
    List<Finding> findings =
        FindingsList.toState(outcome.state())
            .map(
                state ->
                    List.of(
                        new Finding(
                            null,
                            outcome.control().specName(),
                            state,
                            outcome.drift().expected(),
                            outcome.drift().observed(),
                            outcome.message(),
                            outcome.reason(),
                            since)))
            .orElse(null);
    return new AccountPolicyStatus(
        generation, List.of(ready, compliant), state(observed), findings);
  }

  public AccountPolicyStatus notChecked(
      AccountPolicy policy, ConditionReason reason, String message) {
    long generation = policy.getMetadata().getGeneration();
    List<Condition> previous = previous(policy);
    AccountPolicyStatus last = policy.getStatus();
    return new AccountPolicyStatus(
        generation,
        List.of(
            conditions.build(ConditionType.Ready, false, reason, message, generation, previous),
            conditions.unknown(
                ConditionType.Compliant,
                ConditionReason.NotChecked,
                "not checked: " + reason,
                generation,
                previous)),
        last != null ? last.publicAccessBlock() : null,
        last != null ? last.findings() : null);
  }

  private static PublicAccessBlockState state(PublicAccessBlock flags) {
    return new PublicAccessBlockState(
        flags.blockPublicAcls(),
        flags.ignorePublicAcls(),
        flags.blockPublicPolicy(),
        flags.restrictPublicBuckets());
  }

  private static List<Condition> previous(AccountPolicy policy) {
    return policy.getStatus() != null && policy.getStatus().conditions() != null
        ? policy.getStatus().conditions()
        : List.of();
  }
}
