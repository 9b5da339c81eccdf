package io.s3posture.cli;

import io.s3posture.control.FieldDrift;
import io.s3posture.control.Severity;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One check of one bucket (or of the account).
 *
 * @param reason stable CamelCase: Compliant, Drifted, Suppressed, or the failure's (AccessDenied)
 * @param message for people; for a pass, what a reviewer may want to know (e.g. the KMS key)
 * @param drift what differs from the requirement (FAIL and SUPPRESSED)
 * @param suppression the exemption that matched, active (SUPPRESSED) or expired (FAIL)
 */
public record CheckResult(
    AuditCheck check,
    CheckStatus status,
    CheckReason reason,
    String message,
    List<FieldDrift> drift,
    Optional<Suppression> suppression) {

  public CheckResult {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(suppression, "suppression");
    drift = List.copyOf(drift);
  }

  public CheckResult(
      AuditCheck check,
      CheckStatus status,
      CheckReason reason,
      String message,
      List<FieldDrift> drift) {
    this(check, status, reason, message, drift, Optional.empty());
  }

  public static CheckResult pass(AuditCheck check) {
    return pass(check, "");
  }

  public static CheckResult pass(AuditCheck check, String detail) {
    return new CheckResult(check, CheckStatus.PASS, CheckReason.COMPLIANT, detail, List.of());
  }

  public static CheckResult fail(AuditCheck check, List<FieldDrift> drift) {
    String message =
        drift.stream()
            .map(f -> f.field() + ": expected " + f.expected() + ", found " + f.observed())
            .collect(Collectors.joining("; "));
    return new CheckResult(check, CheckStatus.FAIL, CheckReason.DRIFTED, message, drift);
  }

  /**
   * A check that would fail on a store that cannot show the setting it needs ({@code why}): the
   * finding is kept, for people, but it is not a failure.
   */
  public static CheckResult unverifiable(AuditCheck check, List<FieldDrift> drift, String why) {
    String found =
        drift.stream()
            .map(f -> f.field() + ": expected " + f.expected() + ", found " + f.observed())
            .collect(Collectors.joining("; "));
    return new CheckResult(
        check,
        CheckStatus.UNVERIFIABLE,
        CheckReason.UNVERIFIABLE,
        "cannot be verified on this endpoint: " + why + "; read: " + found,
        drift);
  }

  /** A check that could not be evaluated; credential failures are said in one line. */
  public static CheckResult error(AuditCheck check, CheckReason reason, String message) {
    return new CheckResult(
        check, CheckStatus.ERROR, reason, CredentialsMessage.forPeople(reason, message), List.of());
  }

  /** This failing result under a suppression: SUPPRESSED while active, still FAIL once expired. */
  public CheckResult suppressedBy(Suppression suppression) {
    if (suppression.expired()) {
      return new CheckResult(
          check,
          status,
          reason,
          message + " (" + suppression.describe() + ")",
          drift,
          Optional.of(suppression));
    }
    return new CheckResult(
        check,
        CheckStatus.SUPPRESSED,
        CheckReason.SUPPRESSED,
        message,
        drift,
        Optional.of(suppression));
  }

  public Severity severity() {
    return check.severity();
  }

  /** Whether this result is a finding that fails a run at {@code failOn}. */
  public boolean failsAt(FailOn failOn) {
    return (status == CheckStatus.FAIL || status == CheckStatus.ERROR)
        && failOn.failsOn(severity());
  }
}
