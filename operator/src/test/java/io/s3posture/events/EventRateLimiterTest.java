package io.s3posture.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EventRateLimiterTest {

  private static final class MovableClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void grantsABurstThenRefillsOverTime() {
    MovableClock clock = new MovableClock();
    EventRateLimiter limiter = new EventRateLimiter(5, Duration.ofSeconds(30), clock);

    assertThat(limiter.take("uid", EventReason.RemediationFailed, 8)).isEqualTo(5);
    assertThat(limiter.take("uid", EventReason.RemediationFailed, 1)).isZero();
    assertThat(limiter.take("uid", EventReason.DriftCorrected, 1)).as("per reason").isEqualTo(1);
    assertThat(limiter.take("other", EventReason.RemediationFailed, 1))
        .as("per object")
        .isEqualTo(1);

    clock.now = clock.now.plusSeconds(65);
    assertThat(limiter.take("uid", EventReason.RemediationFailed, 10)).isEqualTo(2);
    clock.now = clock.now.plusSeconds(3600);
    assertThat(limiter.take("uid", EventReason.RemediationFailed, 10))
        .as("capped at the burst")
        .isEqualTo(5);
  }
}
