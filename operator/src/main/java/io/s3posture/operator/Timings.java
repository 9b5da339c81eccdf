package io.s3posture.operator;

import io.s3posture.aws.AwsTimeouts;
import io.s3posture.fleet.SubjectRetries;
import java.time.Duration;
import java.util.Objects;

/**
 * How long the operator waits: for AWS ({@link AwsTimeouts}), and before checking a bucket again
 * after a transient failure (first delay, doubling up to the maximum). The operator runs with
 * {@link #STANDARD}; tests shorten them to see many retries in seconds.
 */
public record Timings(AwsTimeouts aws, Duration retryFirst, Duration retryMax) {

  public static final Timings STANDARD =
      new Timings(AwsTimeouts.STANDARD, SubjectRetries.FIRST, Duration.ofMinutes(10));

  public Timings {
    Objects.requireNonNull(aws, "aws");
    Objects.requireNonNull(retryFirst, "retryFirst");
    Objects.requireNonNull(retryMax, "retryMax");
  }
}
