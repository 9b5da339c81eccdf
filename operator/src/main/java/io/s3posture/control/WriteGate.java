package io.s3posture.control;

import java.util.List;

/**
 * The guard rails between a planned write and AWS: asked, per enforcing policy, before the writes
 * of a control are made on a subject. A denied policy's requirement does not shape the writes (the
 * others' still do); its outcome says why.
 */
@FunctionalInterface
public interface WriteGate {

  WriteGate ALLOW_ALL = (policy, subject, control, writes) -> Decision.ALLOW;

  enum Decision {
    ALLOW,
    /** A guard rail paused the policy's writes. */
    PAUSED,
    /** The policy's writes wait for a person to approve them (they are recorded in its plan). */
    AWAITING_APPROVAL
  }

  /**
   * @param writes the writes that would be made, each as "Operation: description", in order
   */
  Decision decide(PolicyRef policy, String subject, ControlName control, List<String> writes);
}
