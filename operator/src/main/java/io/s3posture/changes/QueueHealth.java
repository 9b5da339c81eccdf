package io.s3posture.changes;

import java.time.Instant;
import java.util.Optional;

/**
 * How one queue's consumer is doing, for status and metrics.
 *
 * @param queue the queue's name
 * @param receiving the last ReceiveMessage call succeeded (false before the first, and after a
 *     failure until the next success)
 * @param lastReceiveSuccess when a ReceiveMessage call last succeeded (with or without messages)
 * @param lastMessage when a message last arrived
 * @param lastError the last receive failure ({@code Kind: message}), kept after recovery
 * @param consecutiveFailures failed receives since the last success
 * @param inFlight messages handed to the sink and not yet deleted or given up
 */
public record QueueHealth(
    String queue,
    boolean receiving,
    Optional<Instant> lastReceiveSuccess,
    Optional<Instant> lastMessage,
    Optional<String> lastError,
    int consecutiveFailures,
    int inFlight) {}
