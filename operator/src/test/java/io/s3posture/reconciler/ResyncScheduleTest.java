package io.s3posture.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResyncScheduleTest {

  @ParameterizedTest
  @CsvSource({
    "30s, PT30S",
    "10m, PT10M",
    "1h30m, PT1H30M",
    "1h0m10s, PT1H10S",
    "1500ms, PT1.5S",
    "'', PT10M",
    "nonsense, PT10M",
    "10x, PT10M"
  })
  void parsesGoDurations(String text, Duration expected) {
    assertThat(ResyncSchedule.parse(text)).isEqualTo(expected);
  }

  @Test
  void addsUpToTenPercentJitter() {
    assertThat(new ResyncSchedule(() -> 0.0).next("p", Duration.ofMinutes(10), false))
        .isEqualTo(Duration.ofMinutes(10));
    assertThat(new ResyncSchedule(() -> 0.999).next("p", Duration.ofMinutes(10), false))
        .isBetween(Duration.ofSeconds(659), Duration.ofMinutes(11));
  }

  @Test
  void backsOffExponentiallyAfterTransientFailuresUpToTheInterval() {
    ResyncSchedule schedule = new ResyncSchedule(() -> 0.0);
    Duration interval = Duration.ofMinutes(2);
    assertThat(schedule.next("p", interval, true)).isEqualTo(Duration.ofSeconds(10));
    assertThat(schedule.next("p", interval, true)).isEqualTo(Duration.ofSeconds(20));
    assertThat(schedule.next("p", interval, true)).isEqualTo(Duration.ofSeconds(40));
    assertThat(schedule.next("p", interval, true)).isEqualTo(Duration.ofSeconds(80));
    assertThat(schedule.next("p", interval, true)).isEqualTo(interval);
    assertThat(schedule.next("other", interval, true))
        .as("per policy")
        .isEqualTo(Duration.ofSeconds(10));
    assertThat(schedule.next("p", interval, false)).as("a clean check resets").isEqualTo(interval);
    assertThat(schedule.next("p", interval, true)).isEqualTo(Duration.ofSeconds(10));
  }
}
