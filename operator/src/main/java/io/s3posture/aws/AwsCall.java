package io.s3posture.aws;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * One AWS API call as the operator sees it (SDK retries included): which, how it ended, how long it
 * took. What listeners outside the boundary get instead of the SDK's own types.
 */
public record AwsCall(String service, String operation, Outcome outcome, Duration duration) {

  /** How a call ended. */
  public enum Outcome {
    SUCCESS,
    /** A read of a setting that is not configured (404), which is normal. */
    NOT_FOUND,
    THROTTLED,
    ACCESS_DENIED,
    ERROR;

    /** The metric label: {@code success}, {@code not_found}, ... */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public AwsCall {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(duration, "duration");
  }
}
