package io.s3posture.status;

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
}
