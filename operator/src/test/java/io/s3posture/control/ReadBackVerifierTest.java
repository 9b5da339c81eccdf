package io.s3posture.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ReadBackVerifierTest {

  private static final Drift STALE = Drift.of(FieldDrift.put("status", "Enabled", "Suspended"));
  private static final Drift PERSON_ONLY =
      Drift.of(FieldDrift.notRemediable("mfaDelete", "Enabled", "Disabled"));

  private final List<Duration> pauses = new ArrayList<>();

  private static Supplier<Drift> reads(Drift... drifts) {
    Iterator<Drift> next = List.of(drifts).iterator();
    return next::next;
  }

  @Test
  void readsUntilTheWriteShowsWithDoublingPauses() {
    ReadBackVerifier verifier = new ReadBackVerifier(4, Duration.ofMillis(50), pauses::add);

    Drift left = verifier.verify(reads(STALE, STALE, Drift.NONE));

    assertThat(left.isNone()).isTrue();
    assertThat(pauses).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
  }

  @Test
  void givesUpAfterTheLastAttemptWithoutAFinalPause() {
    ReadBackVerifier verifier = new ReadBackVerifier(3, Duration.ofMillis(10), pauses::add);

    Drift left = verifier.verify(reads(STALE, STALE, STALE, Drift.NONE));

    assertThat(left).isEqualTo(STALE);
    assertThat(pauses).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20));
  }

  @Test
  void driftOnlyAPersonCanFixEndsTheReadBack() {
    ReadBackVerifier verifier = new ReadBackVerifier(4, Duration.ofMillis(10), pauses::add);

    assertThat(verifier.verify(reads(PERSON_ONLY))).isEqualTo(PERSON_ONLY);
    assertThat(pauses).isEmpty();
  }

  @Test
  void anInterruptedPauseReturnsTheLastDriftAndKeepsTheInterrupt() {
    ReadBackVerifier verifier =
        new ReadBackVerifier(
            4,
            Duration.ofMillis(10),
            d -> {
              throw new InterruptedException();
            });
    try {
      assertThat(verifier.verify(reads(STALE, Drift.NONE))).isEqualTo(STALE);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void needsAtLeastOneAttempt() {
    assertThatThrownBy(() -> new ReadBackVerifier(0, Duration.ZERO, pauses::add))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
