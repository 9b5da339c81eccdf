package io.s3posture.changes;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Whether change events are being received, in words a policy's status can carry. A queue counts as
 * not received when its receive calls have failed (or none has succeeded) for longer than a grace
 * period: one failed long poll is not worth a status write, and the first long poll of an empty
 * queue takes up to 20 s. The text names the queues and the kind of failure, never a time or a
 * count, so it changes only when reception does.
 */
public final class Reception {

  /** How long receiving may fail before policies say so. */
  public static final Duration GRACE = Duration.ofMinutes(1);

  private Reception() {}

  /**
   * @param startedAt when the source started (queues that never received count from then)
   * @return empty while every queue is received from (or within the grace period)
   */
  public static Optional<String> problem(
      List<QueueHealth> queues, Instant startedAt, Instant now, Duration grace) {
    List<String> down =
        queues.stream()
            .filter(queue -> !queue.receiving())
            .filter(
                queue -> !now.isBefore(queue.lastReceiveSuccess().orElse(startedAt).plus(grace)))
            .map(queue -> queue.queue() + queue.lastError().map(Reception::kind).orElse(""))
            .toList();
    if (down.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "change events are not received ("
            + (down.size() == 1 ? "queue " : "queues ")
            + String.join(", ", down)
            + "): drift is found at the periodic resync only");
  }

  /** {@code ": NetworkError"} of {@code "NetworkError: Connection refused ..."}. */
  private static String kind(String lastError) {
    int colon = lastError.indexOf(':');
    return ": " + (colon > 0 ? lastError.substring(0, colon) : lastError);
  }
}
