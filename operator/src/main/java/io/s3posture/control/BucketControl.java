package io.s3posture.control;

import io.s3posture.api.v1alpha1.ControlsSpec;
import java.util.Optional;

/** A control of one bucket, configured by a field of a BucketPolicy's spec.controls. */
public interface BucketControl<D, O> extends Control<BucketSubject, D, O> {

  /** What {@code controls} declares for this control; empty when it does not manage it. */
  Optional<Declared<D>> declared(ControlsSpec controls);

  /** The requirement alone. */
  default Optional<D> desired(ControlsSpec controls) {
    return declared(controls).map(Declared::desired);
  }
}
