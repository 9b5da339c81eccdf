package io.s3posture.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

  private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
  private static final ResyncSchedule.Version V1 = new ResyncSchedule.Version(1, null);

  @Test
  void aNewPolicyANewGenerationAndANewCheckNowValueAreDueAtOnce() {
    ResyncSchedule schedule = new ResyncSchedule(() -> 0.0);
    assertThat(schedule.due("p", V1, T0)).isTrue();
    schedule.started("p", V1, T0, Duration.ofMinutes(10));

    assertThat(schedule.due("p", V1, T0.plusSeconds(1))).isFalse();
    assertThat(schedule.due("p", new ResyncSchedule.Version(2, null), T0)).isTrue();
    assertThat(schedule.due("p", new ResyncSchedule.Version(1, "now"), T0)).isTrue();
    assertThat(schedule.due("p", V1, T0.plus(Duration.ofMinutes(10)))).isTrue();
  }

  @Test
  void addsUpToTenPercentJitter() {
    ResyncSchedule none = new ResyncSchedule(() -> 0.0);
    none.started("p", V1, T0, Duration.ofMinutes(10));
    ResyncSchedule most = new ResyncSchedule(() -> 0.999);
    most.started("p", V1, T0, Duration.ofMinutes(10));

    assertThat(none.untilDue("p", T0)).isEqualTo(Duration.ofMinutes(10));
    assertThat(most.untilDue("p", T0)).isBetween(Duration.ofSeconds(659), Duration.ofMinutes(11));
  }

  @Test
  void backsOffExponentiallyAfterFailedSweepsUpToTheInterval() {
    ResyncSchedule schedule = new ResyncSchedule(() -> 0.0);
    Duration interval = Duration.ofMinutes(2);
    List<Duration> waits = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      schedule.failed("p", V1, T0, interval);
      waits.add(schedule.untilDue("p", T0));
    }
    assertThat(waits)
        .containsExactly(
            Duration.ofSeconds(10),
            Duration.ofSeconds(20),
            Duration.ofSeconds(40),
            Duration.ofSeconds(80),
            interval);
    schedule.failed("other", V1, T0, interval);
    assertThat(schedule.untilDue("other", T0)).as("per policy").isEqualTo(Duration.ofSeconds(10));
    schedule.started("p", V1, T0, interval);
    schedule.failed("p", V1, T0, interval);
    assertThat(schedule.untilDue("p", T0))
        .as("a sweep that fails to start again keeps backing off")
        .isEqualTo(interval);
    schedule.succeeded("p");
    schedule.failed("p", V1, T0, interval);
    assertThat(schedule.untilDue("p", T0))
        .as("a sweep that got going resets")
        .isEqualTo(Duration.ofSeconds(10));
    schedule.failed("p", V1, T0, interval);
    schedule.started("p", new ResyncSchedule.Version(2, null), T0, interval);
    schedule.failed("p", new ResyncSchedule.Version(2, null), T0, interval);
    assertThat(schedule.untilDue("p", T0))
        .as("a new spec starts afresh")
        .isEqualTo(Duration.ofSeconds(10));
  }
}
