package io.s3posture.operator;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The two logging settings logback reads itself (logback.xml): {@code S3POSTURE_LOG_LEVEL} and
 * {@code S3POSTURE_LOG_FORMAT}. Checked at start so that a typo stops the operator with a message
 * instead of silently logging at another level, or (a format with no appender) not at all.
 */
final class LogSettings {

  static final String LEVEL = "S3POSTURE_LOG_LEVEL";
  static final String FORMAT = "S3POSTURE_LOG_FORMAT";

  private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
  private static final Set<String> FORMATS = Set.of("text", "json");

  private LogSettings() {}

  static void validate(Map<String, String> env) {
    String level = env.get(LEVEL);
    if (level != null && !level.isBlank() && !LEVELS.contains(level.toUpperCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          LEVEL + " must be one of TRACE, DEBUG, INFO, WARN, ERROR, got '" + level + "'");
    }
    String format = env.get(FORMAT);
    if (format != null && !format.isBlank() && !FORMATS.contains(format)) {
      throw new IllegalArgumentException(FORMAT + " must be text or json, got '" + format + "'");
    }
  }
}
