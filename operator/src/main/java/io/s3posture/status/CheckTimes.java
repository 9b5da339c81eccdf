package io.s3posture.status;

import io.s3posture.fleet.PolicyLedger;
import java.time.Duration;

/**
 * A policy's {@code status.lastCheckTime} and {@code status.staleAfter}: from its last completed
 * sweep, or as the status said before while none has completed in this process.
 */
record CheckTimes(String lastCheckTime, String staleAfter) {

  static CheckTimes of(PolicyLedger ledger, Duration interval, CheckTimes before) {
    return ledger
        .lastSweepCompleted()
        .map(
            done ->
                new CheckTimes(
                    BucketPolicyStatusFactory.checkTime(done),
                    BucketPolicyStatusFactory.staleAfter(done, interval)))
        .orElse(before);
  }
}
