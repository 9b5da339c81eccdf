package io.s3posture.status;

import io.s3posture.aws.FailureKind;
import io.s3posture.control.ControlName;
import io.s3posture.control.OutcomeReason;
import io.s3posture.control.OutcomeState;
import io.s3posture.fleet.LedgerEntry;
import java.util.Map;
import java.util.Set;

/** Whether the failed checks of a policy are ones a retry can end without a person. */
final class FailedChecks {

  /** Failures retried soon whatever their cause. */
  private static final Set<String> RETRIED =
      Set.of(OutcomeReason.VerificationFailed.name(), OutcomeReason.DependencyNotMet.name());

  private FailedChecks() {}

  /** Whether every failed control of {@code notCompliant} failed transiently. */
  static boolean allTransient(Map<String, Map<ControlName, LedgerEntry>> notCompliant) {
    return notCompliant.values().stream()
        .flatMap(controls -> controls.values().stream())
        .filter(entry -> entry.state() == OutcomeState.FAILED)
        .allMatch(FailedChecks::isTransient);
  }

  static boolean isTransient(LedgerEntry entry) {
    return RETRIED.contains(entry.reason())
        || FailureKind.ofReason(entry.reason()).map(FailureKind::isTransient).orElse(false);
  }
}
