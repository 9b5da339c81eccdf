package io.s3posture.control;

import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.aws.S3Gateway;
import java.util.Optional;
import java.util.Set;

/**
 * One S3 setting the operator can keep. Implementations are stateless.
 *
 * @param <D> what the policy requires
 * @param <O> what the bucket has, normalised so that "not configured" means what AWS means
 */
public interface Control<D, O> {

  ControlName name();

  /** What the policy requires; empty when the policy does not manage this control. */
  Optional<D> desired(ControlsSpec controls);

  /** One read. */
  O observe(S3Gateway gateway, String bucket);

  /** Pure comparison. */
  Drift diff(D desired, O observed);

  /** Writes what is needed to remove the remediable part of {@code drift}. */
  void remediate(S3Gateway gateway, String bucket, D desired, O observed);

  /** Controls that must be compliant before this one may be remediated. */
  default Set<ControlName> dependsOn() {
    return Set.of();
  }

  /**
   * Whether two policies requiring {@code a} and {@code b} of the same bucket can both be satisfied
   * without undoing each other's writes.
   */
  default boolean compatible(D a, D b) {
    return a.equals(b);
  }
}
