package io.s3posture.control;

import io.s3posture.api.v1alpha1.Mode;
import java.util.Objects;

/** A control a policy manages: what it requires and whether it may be corrected. */
public record ManagedControl<D, O>(Control<D, O> control, D desired, Mode mode) {

  public ManagedControl {
    Objects.requireNonNull(control, "control");
    Objects.requireNonNull(desired, "desired");
    Objects.requireNonNull(mode, "mode");
  }

  public ControlName name() {
    return control.name();
  }

  /** Whether {@code other} (the same control, another policy) can be satisfied alongside. */
  @SuppressWarnings("unchecked")
  public boolean compatibleWith(Object otherDesired) {
    return control.compatible(desired, (D) otherDesired);
  }
}
