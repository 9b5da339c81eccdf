package io.s3posture.reconciler;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When to check a policy next: its resync interval with up to 10% jitter, or sooner with
 * exponential backoff (10s, 20s, 40s, ... capped at the interval) after transient failures.
 */
public final class ResyncSchedule {

  static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(10);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(10);
  private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h)");

  private final DoubleSupplier random;
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();

  public ResyncSchedule(DoubleSupplier random) {
    this.random = random;
  }

  /** Parses a Go-style duration such as 30s, 10m or 1h30m (the CRD validates the syntax). */
  public static Duration parse(String interval) {
    if (interval == null || interval.isBlank()) {
      return DEFAULT_INTERVAL;
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
    return end == interval.length() && !total.isZero() ? total : DEFAULT_INTERVAL;
  }

  /** The delay before the next check of {@code policyUid}. */
  public Duration next(String policyUid, Duration interval, boolean retrySoon) {
    if (!retrySoon) {
      failures.remove(policyUid);
      long jitter = (long) (interval.toMillis() * 0.1 * random.getAsDouble());
      return interval.plusMillis(jitter);
    }
    int attempt = failures.merge(policyUid, 1, Integer::sum);
    Duration backoff = FIRST_RETRY.multipliedBy(1L << Math.min(attempt - 1, 16));
    return backoff.compareTo(interval) < 0 ? backoff : interval;
  }

  public void forget(String policyUid) {
    failures.remove(policyUid);
  }
}
