package io.s3posture.changes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RateLimitedLogTest {

  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2024-05-14T09:00:00Z"));
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now.get();
        }
      };

  @Test
  void logsOncePerKeyAndIntervalWithTheCountOfWhatItSkipped() {
    List<String> logged = new ArrayList<>();
    RateLimitedLog log = new RateLimitedLog(logged::add, Duration.ofMinutes(5), clock);

    assertThat(log.warn("q/NOT_JSON", () -> "not json")).isTrue();
    for (int i = 0; i < 99; i++) {
      assertThat(log.warn("q/NOT_JSON", () -> "not json")).isFalse();
    }
    assertThat(log.warn("q/UNKNOWN_SHAPE", () -> "unknown")).as("another reason").isTrue();
    now.set(now.get().plus(Duration.ofMinutes(5)));
    assertThat(log.warn("q/NOT_JSON", () -> "not json again")).isTrue();

    assertThat(logged)
        .containsExactly(
            "not json", "unknown", "not json again (99 more like it since the last such message)");
  }
}
