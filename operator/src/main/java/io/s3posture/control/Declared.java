package io.s3posture.control;

import io.s3posture.api.v1alpha1.Mode;
import java.util.Objects;
import java.util.Optional;

/**
 * What a policy declares for one control: the requirement and the control's own mode, if it
 * overrides the policy's.
 */
public record Declared<D>(D desired, Optional<Mode> mode) {

  public Declared {
    Objects.requireNonNull(desired, "desired");
    Objects.requireNonNull(mode, "mode");
  }

  public static <D> Declared<D> of(D desired, Mode mode) {
    return new Declared<>(desired, Optional.ofNullable(mode));
  }
}
