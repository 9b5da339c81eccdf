package io.s3posture.cli;

import io.s3posture.control.Severity;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The least severity that makes the audit fail (exit code 1); NONE never fails on findings. */
public enum FailOn {
  LOW(Severity.LOW),
  MEDIUM(Severity.MEDIUM),
  HIGH(Severity.HIGH),
  CRITICAL(Severity.CRITICAL),
  NONE(null);

  private final Severity threshold;

  FailOn(Severity threshold) {
    this.threshold = threshold;
  }

  /** Whether a failing check of {@code severity} fails the audit. */
  public boolean failsOn(Severity severity) {
    return threshold != null && severity.compareTo(threshold) >= 0;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<FailOn> parse(String value) {
    return Arrays.stream(values()).filter(f -> f.label().equals(value)).findFirst();
  }

  public static String choices() {
    return Arrays.stream(values()).map(FailOn::label).collect(Collectors.joining("|"));
  }
}
