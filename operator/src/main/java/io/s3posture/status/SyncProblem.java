package io.s3posture.status;

import io.s3posture.control.ControlEvidence;
import java.util.Objects;

/**
 * Why a policy cannot be checked, while it cannot: its targets cannot be listed, nothing of them
 * could be read, or the operator failed.
 *
 * @param reason Synced's reason
 * @param message one line for people
 * @param transientFailure whether retrying can end it without a person (throttling, an outage)
 */
public record SyncProblem(ConditionReason reason, String message, boolean transientFailure) {
  public SyncProblem {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }

  /**
   * Nothing of the policy's subjects could be read in its last sweep: {@code what}, then AWS's
   * cause.
   */
  public static SyncProblem nothingRead(String what, ControlEvidence.FailedCall cause) {
    return new SyncProblem(
        ConditionReason.AwsCallFailed, what + ": " + cause.message(), cause.isTransient());
  }
}
