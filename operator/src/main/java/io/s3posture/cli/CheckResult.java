package io.s3posture.cli;

import io.s3posture.control.FieldDrift;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One check of one bucket (or of the account).
 *
 * @param reason stable CamelCase: Compliant, Drifted, or the failure's (AccessDenied, ...)
 * @param message for people; empty when the check passed
 * @param drift what differs from the requirement (FAIL only)
 */
public record CheckResult(
    AuditCheck check, CheckStatus status, String reason, String message, List<FieldDrift> drift) {

  public CheckResult {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
    drift = List.copyOf(drift);
  }

  public static CheckResult pass(AuditCheck check) {
    return new CheckResult(check, CheckStatus.PASS, "Compliant", "", List.of());
  }

  public static CheckResult fail(AuditCheck check, List<FieldDrift> drift) {
    String message =
        drift.stream()
            .map(f -> f.field() + ": expected " + f.expected() + ", found " + f.observed())
            .collect(Collectors.joining("; "));
    return new CheckResult(check, CheckStatus.FAIL, "Drifted", message, drift);
  }

  public static CheckResult error(AuditCheck check, String reason, String message) {
    return new CheckResult(check, CheckStatus.ERROR, reason, message, List.of());
  }

  public Severity severity() {
    return check.severity();
  }
}
