package io.s3posture.aws;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the operator waits for AWS, so that no check hangs: a connection must open within {@code
 * connect}, a response must make progress within {@code socket}, one attempt ends after {@code
 * attempt} and a whole call, retries and backoff included, after {@code call}. A call that runs out
 * of time is a {@link FailureKind#NETWORK} failure (transient, retried with backoff).
 */
public record AwsTimeouts(Duration connect, Duration socket, Duration attempt, Duration call) {

  /**
   * The operator's: S3's configuration APIs answer in well under a second, and a page of 1,000
   * buckets in a few; 20 s per attempt and 60 s per call leave room for a slow network.
   */
  public static final AwsTimeouts STANDARD =
      new AwsTimeouts(
          Duration.ofSeconds(5),
          Duration.ofSeconds(30),
          Duration.ofSeconds(20),
          Duration.ofSeconds(60));

  public AwsTimeouts {
    Objects.requireNonNull(connect, "connect");
    Objects.requireNonNull(socket, "socket");
    Objects.requireNonNull(attempt, "attempt");
    Objects.requireNonNull(call, "call");
    if (attempt.compareTo(call) > 0) {
      throw new IllegalArgumentException("an attempt cannot take longer than the call");
    }
  }
}
