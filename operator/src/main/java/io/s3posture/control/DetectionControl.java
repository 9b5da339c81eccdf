package io.s3posture.control;

import io.s3posture.api.v1alpha1.AccountPolicySpec;
import io.s3posture.api.v1alpha1.DetectionSpec;
import io.s3posture.api.v1alpha1.Mode;
import java.util.List;
import java.util.Optional;

/**
 * An account-level check of a detection service (CloudTrail, AWS Config, GuardDuty, Macie):
 * declared under an AccountPolicy's spec.detection, checked and reported only. It runs in Audit
 * whatever the policy's mode: the operator never turns a service on or changes it (that costs money
 * and belongs to whoever runs the service), and its drift is NeedsHuman if ever enforced.
 *
 * @param <D> what the policy requires
 * @param <O> what the region's service reports
 */
abstract class DetectionControl<D, O> implements AccountControl<D, O> {

  /** The requirement {@code detection} declares for this check; empty when it does not. */
  protected abstract Optional<D> required(DetectionSpec detection);

  @Override
  public final Optional<Declared<D>> declared(AccountPolicySpec spec) {
    return Optional.ofNullable(spec.detection())
        .flatMap(this::required)
        .map(desired -> Declared.of(desired, Mode.Audit));
  }

  /** Reported only: nothing to write. */
  @Override
  public final List<Write<AccountSubject>> plan(AccountSubject subject, D desired, O observed) {
    return List.of();
  }

  /** What is missing, for status findings and reports; never corrected by the operator. */
  protected static Drift missing(String field, String expected, String observed) {
    return Drift.of(FieldDrift.notRemediable(field, expected, observed));
  }
}
