package io.s3posture.control;

import io.s3posture.api.v1alpha1.Mode;
import java.util.Optional;

/** What one policy requires of one control on a subject, and whether it may shape the writes. */
record Requirement<D>(PolicyRef policy, D desired, Mode mode, Optional<String> exemption) {

  /** May shape the writes: Enforce mode and no exemption covers it. */
  boolean enforcing() {
    return mode == Mode.Enforce && exemption.isEmpty();
  }
}
