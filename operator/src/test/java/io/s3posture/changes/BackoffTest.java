package io.s3posture.changes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void doublesUpToTheCapWithJitterBetweenHalfAndAll() {
    Backoff low = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.0);
    Backoff high = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.999999);
    long[] expectedCeilings = {1, 2, 4, 8, 16, 32, 60, 60, 60};
    for (long ceiling : expectedCeilings) {
      assertThat(low.next()).isEqualTo(Duration.ofMillis(ceiling * 1000 / 2));
      assertThat(high.next()).isEqualTo(Duration.ofSeconds(ceiling));
    }
  }

  @Test
  void startsOverAfterASuccess() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.999999);
    backoff.next();
    backoff.next();
    backoff.next();
    backoff.reset();
    assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void neverOverflowsAfterManyFailures() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.999999);
    for (int i = 0; i < 200; i++) {
      assertThat(backoff.next()).isBetween(Duration.ofMillis(1), Duration.ofSeconds(60));
    }
  }
}
