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

  @Test
  void theOperatorsLimitBoundsEventsHoweverManyPoliciesFail() {
    MovableClock clock = new MovableClock();
    EventRateLimiter limiter = EventRateLimiter.standard(clock);
    int published = 0;
    // 50 failing policies, each with 10 failing bucket controls a check, a check every 30 s, for
    // 10 minutes
    for (int check = 0; check < 20; check++) {
      if (check > 0) {
        clock.advance(Duration.ofSeconds(30));
      }
      for (int policy = 0; policy < 50; policy++) {
        published += limiter.take("policy-" + policy, EventReason.RemediationFailed, 10);
      }
    }

    assertThat(published)
        .as("a burst of %d, then one a second", EventRateLimiter.OPERATOR_BURST)
        .isEqualTo(EventRateLimiter.OPERATOR_BURST + 19 * 30);
    assertThat(limiter.takeOperatorWide()).as("a summary waits for the operator's limit").isFalse();
    clock.advance(EventRateLimiter.OPERATOR_REFILL);
    assertThat(limiter.takeOperatorWide()).isTrue();
  }

  @Test
  void aQuietPolicyStillGetsItsEventsWhenTheOperatorsLimitRefills() {
    MovableClock clock = new MovableClock();
    EventRateLimiter limiter =
        new EventRateLimiter(20, Duration.ofSeconds(30), 5, Duration.ofSeconds(1), clock);
    assertThat(limiter.take("noisy", EventReason.RemediationFailed, 20)).isEqualTo(5);
    assertThat(limiter.take("quiet", EventReason.DriftCorrected, 1)).isZero();

    clock.advance(Duration.ofSeconds(1));
    assertThat(limiter.take("quiet", EventReason.DriftCorrected, 1)).isEqualTo(1);
  }
}
