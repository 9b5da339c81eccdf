package io.s3posture.reports;

import io.s3posture.cli.AuditCheck;
import io.s3posture.control.ControlName;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A control's audit metadata as Reports show it: the severity and title of the audit command's
 * check of the same name ({@link AuditCheck} is the one place severities are defined, so a Report
 * and the audit command never disagree on how much a finding matters).
 */
final class ControlAudit {

  /** The audit checks by control, the check named after its control (e.g. versioning, not MFA). */
  private static final Map<ControlName, AuditCheck> CHECKS =
      Arrays.stream(AuditCheck.values())
          .filter(check -> check.control().map(c -> c.specName().equals(check.id())).orElse(false))
          .collect(Collectors.toUnmodifiableMap(c -> c.control().get(), Function.identity()));

  private ControlAudit() {}

  /** critical, high, medium or low; empty for a control the audit command has no check for. */
  static Optional<String> severity(ControlName control) {
    return Optional.ofNullable(CHECKS.get(control)).map(check -> check.severity().label());
  }

  /** What the control requires, for people (e.g. "Versioning enabled"); its name if unknown. */
  static String title(ControlName control) {
    return Optional.ofNullable(CHECKS.get(control))
        .map(AuditCheck::title)
        .orElse(control.specName());
  }
}
