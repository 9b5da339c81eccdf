package io.s3posture.changes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What policies say about change events: only after receiving failed for the grace period. */
class ReceptionTest {

  private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");
  private static final Duration GRACE = Duration.ofMinutes(1);

  @Test
  void receivingQueuesSayNothing() {
    assertThat(Reception.problem(List.of(receiving("a")), START, START.plusSeconds(3600), GRACE))
        .isEmpty();
    assertThat(Reception.problem(List.of(), START, START.plusSeconds(3600), GRACE)).isEmpty();
  }

  @Test
  void aQueueNeverReceivedFromCountsFromTheStartOfTheSource() {
    QueueHealth never = failing("a", Optional.empty(), "NetworkError: Connection refused");
    assertThat(Reception.problem(List.of(never), START, START.plusSeconds(59), GRACE))
        .as("the first long poll may take 20 s; one failure is not worth a status write")
        .isEmpty();
    assertThat(Reception.problem(List.of(never), START, START.plusSeconds(60), GRACE))
        .contains(
            "change events are not received (queue a: NetworkError): drift is found at the"
                + " periodic resync only");
  }

  @Test
  void theTextNamesEveryQueueDownAndTheKindOfFailureButNoTime() {
    Instant now = START.plusSeconds(600);
    List<QueueHealth> queues =
        List.of(
            failing("a", Optional.of(now.minusSeconds(300)), "AccessDenied: not authorized"),
            receiving("b"),
            failing("c", Optional.of(now.minusSeconds(30)), "Throttled: slow down"),
            failing("d", Optional.empty(), "NetworkError: timed out after 30 s"));
    Optional<String> problem = Reception.problem(queues, START, now, GRACE);
    assertThat(problem)
        .contains(
            "change events are not received (queues a: AccessDenied, d: NetworkError): drift is"
                + " found at the periodic resync only");
    assertThat(Reception.problem(queues, START, now.plusSeconds(3600), GRACE))
        .as("the same outage later says the same: no status write")
        .hasValueSatisfying(p -> assertThat(p).contains("c: Throttled").doesNotContain("30"));
  }

  private static QueueHealth receiving(String name) {
    return new QueueHealth(
        name, true, Optional.of(START), Optional.empty(), Optional.empty(), 0, 0);
  }

  private static QueueHealth failing(String name, Optional<Instant> lastSuccess, String error) {
    return new QueueHealth(name, false, lastSuccess, Optional.empty(), Optional.of(error), 3, 0);
  }
}
