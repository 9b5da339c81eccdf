package io.s3posture.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What the audit prints on standard output. */
public enum OutputFormat {
  /** Columns for people: PASS/FAIL per bucket and check, and a summary. */
  TABLE,
  /** The documented JSON report (docs/audit-json.md). */
  JSON,
  /** SARIF 2.1.0 for code-scanning UIs. */
  SARIF;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<OutputFormat> parse(String value) {
    return Arrays.stream(values()).filter(f -> f.label().equals(value)).findFirst();
  }

  public static String choices() {
    return Arrays.stream(values()).map(OutputFormat::label).collect(Collectors.joining("|"));
  }
}
