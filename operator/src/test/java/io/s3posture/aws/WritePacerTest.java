package io.s3posture.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WritePacerTest {

  private static final long INTERVAL = 50_000_000L; // 20 a second

  private long now = 1_000_000_000_000L;
  private final List<Long> waits = new ArrayList<>();
  private final WritePacer pacer =
      new WritePacer(
          20,
          () -> now,
          nanos -> {
            waits.add(nanos);
            now += nanos;
          });

  @Test
  void aSecondsWorthPassesAtOnceThenOneWritePerInterval() throws InterruptedException {
    for (int i = 0; i < 60; i++) {
      pacer.acquire("aws/111111111111");
    }

    assertThat(waits).hasSize(40).containsOnly(INTERVAL);
  }

  @Test
  void accountsArePacedApart() throws InterruptedException {
    for (int i = 0; i < 20; i++) {
      pacer.acquire("aws/111111111111");
      pacer.acquire("aws/222222222222");
    }

    assertThat(waits).isEmpty();
  }

  @Test
  void waitingCallersGetSuccessiveSlots() throws InterruptedException {
    WritePacer frozen = new WritePacer(20, () -> now, waits::add);
    for (int i = 0; i < 23; i++) {
      frozen.acquire("aws/111111111111");
    }

    assertThat(waits).containsExactly(INTERVAL, 2 * INTERVAL, 3 * INTERVAL);
  }

  @Test
  void aQuietTimeRestoresTheBurstButNoMore() throws InterruptedException {
    for (int i = 0; i < 25; i++) {
      pacer.acquire("aws/111111111111");
    }
    waits.clear();
    now += 60_000_000_000L;

    for (int i = 0; i < 21; i++) {
      pacer.acquire("aws/111111111111");
    }

    assertThat(waits).containsExactly(INTERVAL);
  }

  @Test
  void zeroDoesNotPace() throws InterruptedException {
    WritePacer unlimited = new WritePacer(0, () -> now, waits::add);
    for (int i = 0; i < 1000; i++) {
      unlimited.acquire("aws/111111111111");
    }

    assertThat(unlimited.paces()).isFalse();
    assertThat(waits).isEmpty();
  }
}
