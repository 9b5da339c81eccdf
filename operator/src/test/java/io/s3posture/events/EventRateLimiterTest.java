package io.s3posture.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.testing.MovableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EventRateLimiterTest {

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

    clock.advance(Duration.ofSeconds(65));
    assertThat(limiter.take("uid", EventReason.RemediationFailed, 10)).isEqualTo(2);
    clock.advance(Duration.ofSeconds(3600));
    assertThat(limiter.take("uid", EventReason.RemediationFailed, 10))
        .as("capped at the burst")
        .isEqualTo(5);
  }
}
