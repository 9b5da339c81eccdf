package io.s3posture.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a BucketPolicy is looked at again without an event. */
class NextReconcileTest {

  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void atTheNextSweepWhenNothingRuns() {
    assertThat(NextReconcile.after(Duration.ofMinutes(5), false, Optional.empty(), NOW))
        .isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void aSweepUnderWayIsFollowedEveryThirtySecondsUntilItEnds() {
    assertThat(NextReconcile.after(Duration.ofMinutes(5), true, Optional.empty(), NOW))
        .isEqualTo(NextReconcile.WHILE_SWEEPING);
    assertThat(NextReconcile.after(Duration.ZERO, true, Optional.empty(), NOW))
        .as("due, but waiting for the sweep under way")
        .isEqualTo(NextReconcile.WHILE_SWEEPING);
    assertThat(NextReconcile.after(Duration.ofSeconds(12), true, Optional.empty(), NOW))
        .isEqualTo(Duration.ofSeconds(12));
  }

  @Test
  void anExemptionThatExpiresSoonerIsLookedAtJustAfterItExpires() {
    Optional<Instant> expiry = Optional.of(NOW.plusSeconds(90));

    assertThat(NextReconcile.after(Duration.ofMinutes(5), false, expiry, NOW))
        .isEqualTo(Duration.ofSeconds(91));
    assertThat(NextReconcile.after(Duration.ofSeconds(30), false, expiry, NOW))
        .isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void neverSoonerThanASecond() {
    assertThat(NextReconcile.after(Duration.ZERO, false, Optional.empty(), NOW))
        .isEqualTo(NextReconcile.SOONEST);
    assertThat(
            NextReconcile.after(
                Duration.ofMinutes(5), false, Optional.of(NOW.minusSeconds(60)), NOW))
        .as("an expiry already past")
        .isEqualTo(NextReconcile.SOONEST);
  }
}
