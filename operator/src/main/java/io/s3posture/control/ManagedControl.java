package io.s3posture.control;

import io.s3posture.api.v1alpha1.Mode;
import java.util.Objects;

/** A control a policy manages: what it requires and whether it may be corrected. */
public record ManagedControl<S, D, O>(Control<S, D, O> control, D desired, Mode mode) {

  public ManagedControl {
    Objects.requireNonNull(control, "control");
    Objects.requireNonNull(desired, "desired");
    Objects.requireNonNull(mode, "mode");
  }

  public ControlName name() {
    return control.name();
  }

  /** The same requirement in another mode (the audit command audits whatever a policy says). */
  public ManagedControl<S, D, O> inMode(Mode other) {
    return new ManagedControl<>(control, desired, other);
  }
}
