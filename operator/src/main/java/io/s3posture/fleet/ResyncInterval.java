package io.s3posture.fleet;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A policy's resyncInterval: a Go-style duration such as 30s, 10m or 1h30m. */
public final class ResyncInterval {

  public static final Duration DEFAULT = Duration.ofMinutes(10);
  private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h)");

  private ResyncInterval() {}

  /** The duration; the default for none or text the CRD would have refused. */
  public static Duration parse(String interval) {
    if (interval == null || interval.isBlank()) {
      return DEFAULT;
    }
    Matcher matcher = PART.matcher(interval.toLowerCase(Locale.ROOT));
    Duration total = Duration.ZERO;
    int end = 0;
    while (matcher.find() && matcher.start() == end) {
      long amount = Long.parseLong(matcher.group(1));
      total =
          total.plus(
              switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
              });
      end = matcher.end();
    }
    return end == interval.length() && !total.isZero() ? total : DEFAULT;
  }
}
