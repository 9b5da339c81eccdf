package io.s3posture.control;

import java.util.Optional;

/** Which of a policy's controls an active exemption covers on a subject. */
@FunctionalInterface
public interface Exemptions {

  Exemptions NONE = (subject, control) -> Optional.empty();

  /** The covering exemption, described for people ("until ..., owner ...: reason"), if any. */
  Optional<String> covering(String subject, ControlName control);
}
