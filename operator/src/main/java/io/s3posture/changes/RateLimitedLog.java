package io.s3posture.changes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Logs a warning once per key and then at most once per interval, with the number of occurrences it
 * did not log: a stream of identical bad messages costs one log line per interval, not one each.
 */
final class RateLimitedLog {

  private final Consumer<String> log;
  private final Duration interval;
  private final Clock clock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  /**
   * @param log where a warning goes, e.g. {@code LOG::warn}
   */
  RateLimitedLog(Consumer<String> log, Duration interval, Clock clock) {
    this.log = log;
    this.interval = interval;
    this.clock = clock;
  }

  /**
   * Counts one occurrence of {@code key}; logs {@code message} when the key's interval is over.
   *
   * @return whether it logged
   */
  boolean warn(String key, Supplier<String> message) {
    Instant now = clock.instant();
    Window window = windows.computeIfAbsent(key, k -> new Window());
    long suppressed;
    synchronized (window) {
      if (window.loggedAt != null && now.isBefore(window.loggedAt.plus(interval))) {
        window.suppressed++;
        return false;
      }
      suppressed = window.suppressed;
      window.suppressed = 0;
      window.loggedAt = now;
    }
    log.accept(
        suppressed > 0
            ? message.get() + " (" + suppressed + " more like it since the last such message)"
            : message.get());
    return true;
  }

  private static final class Window {
    Instant loggedAt;
    long suppressed;
  }
}
