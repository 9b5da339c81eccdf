package io.s3posture.cli;

import io.s3posture.aws.FailureKind;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides the exit code. 2 when the audit could not reach AWS as asked (credentials, endpoint),
 * else 1 when a check at or above the threshold failed or could not be evaluated (an ERROR counts
 * like a FAIL of its check's severity: what cannot be proven does not pass), else 0.
 */
public final class ExitCodePolicy {

  public static final int PASSED = 0;
  public static final int FINDINGS = 1;
  public static final int ERROR = 2;

  /** Failures that concern the whole run rather than one bucket. */
  private static final Set<CheckReason> RUN_LEVEL_FAILURES =
      Set.of(CheckReason.failed(FailureKind.CREDENTIALS), CheckReason.failed(FailureKind.NETWORK));

  private final FailOn failOn;

  public ExitCodePolicy(FailOn failOn) {
    this.failOn = Objects.requireNonNull(failOn, "failOn");
  }

  public Verdict verdict(AuditReport report) {
    if (report.error().isPresent()) {
      return new Verdict(failOn, ERROR, Optional.of(report.error().get().message()));
    }
    Optional<String> accessProblem =
        report
            .results()
            .filter(r -> r.status() == CheckStatus.ERROR)
            .filter(r -> RUN_LEVEL_FAILURES.contains(r.reason()))
            .map(CheckResult::message)
            .findFirst();
    if (accessProblem.isPresent()) {
      return new Verdict(failOn, ERROR, accessProblem);
    }
    boolean failing = report.results().anyMatch(r -> r.failsAt(failOn));
    return new Verdict(failOn, failing ? FINDINGS : PASSED, Optional.empty());
  }
}
