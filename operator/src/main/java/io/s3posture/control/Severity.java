package io.s3posture.control;

import java.util.Locale;

/** How much a failing check matters, from least to most. */
public enum Severity {
  LOW("note", "3.0"),
  MEDIUM("warning", "5.5"),
  HIGH("error", "7.5"),
  CRITICAL("error", "9.5");

  private final String sarifLevel;
  private final String securitySeverity;

  Severity(String sarifLevel, String securitySeverity) {
    this.sarifLevel = sarifLevel;
    this.securitySeverity = securitySeverity;
  }

  /** The name in options and reports: low, medium, high, critical. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** SARIF result level: note, warning or error. */
  public String sarifLevel() {
    return sarifLevel;
  }

  /** The CVSS-like score code-scanning UIs read from a rule's {@code security-severity}. */
  public String securitySeverity() {
    return securitySeverity;
  }
}
