package io.s3posture.reports;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.s3posture.testing.MovableClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReportCrdTest {

  private final MovableClock clock = new MovableClock();
  private final AtomicBoolean installed = new AtomicBoolean();
  private final AtomicInteger looks = new AtomicInteger();
  private final ReportCrd crd =
      new ReportCrd(
          () -> {
            looks.incrementAndGet();
            return installed.get();
          },
          Duration.ofMinutes(5),
          clock);

  @Test
  void aMissingCrdIsLookedForOncePerIntervalAndAnnouncedOnce() {
    try (LogCapture logs = LogCapture.onThisThread(ReportCrd.class)) {
      for (int i = 0; i < 100; i++) {
        assertThat(crd.served()).isFalse();
      }
      assertThat(looks).as("no hot loop").hasValue(1);
      assertThat(crd.untilNextLook()).isEqualTo(Duration.ofMinutes(5));

      clock.advance(Duration.ofMinutes(5));
      assertThat(crd.served()).isFalse();
      assertThat(looks).hasValue(2);

      assertThat(logs.at(Level.WARN))
          .singleElement()
          .satisfies(
              m ->
                  assertThat(m)
                      .contains("openreports.io/v1alpha1 Report CRD is not installed")
                      .contains(ReportApi.INSTALL)
                      .contains("every 5 minute(s)"));
    }
  }

  @Test
  void aCrdInstalledLaterIsFoundAtTheNextLookAndNeverAskedForAgain() {
    assertThat(crd.served()).isFalse();
    installed.set(true);
    clock.advance(Duration.ofMinutes(4));
    assertThat(crd.served()).as("not due yet").isFalse();

    try (LogCapture logs = LogCapture.onThisThread(ReportCrd.class)) {
      clock.advance(Duration.ofMinutes(1));
      assertThat(crd.served()).isTrue();
      assertThat(logs.at(Level.INFO)).singleElement().asString().contains("installed now");
    }
    clock.advance(Duration.ofHours(1));
    assertThat(crd.served()).isTrue();
    assertThat(looks).hasValue(2);
  }

  @Test
  void aCrdRemovedWhileServedIsAnnouncedOnceAndLookedForAgainLater() {
    installed.set(true);
    assertThat(crd.served()).isTrue();
    installed.set(false);

    try (LogCapture logs = LogCapture.onThisThread(ReportCrd.class)) {
      crd.gone();
      crd.gone();
      assertThat(crd.served()).isFalse();
      clock.advance(Duration.ofMinutes(5));
      assertThat(crd.served()).isFalse();
      assertThat(logs.at(Level.WARN)).hasSize(1);
    }
    assertThat(looks).hasValue(2);
  }

  @Test
  void aDiscoveryErrorIsNotAVerdict() {
    ReportCrd failing =
        new ReportCrd(
            () -> {
              throw new IllegalStateException("connection refused");
            },
            Duration.ofMinutes(5),
            clock);
    try (LogCapture logs = LogCapture.onThisThread(ReportCrd.class)) {
      assertThat(failing.served()).isFalse();
      assertThat(logs.at(Level.WARN)).as("not claimed missing").isEmpty();
    }
  }
}
