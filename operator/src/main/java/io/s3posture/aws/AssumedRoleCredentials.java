package io.s3posture.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Credentials of an assumed role whose failures say which role could not be assumed and why, rather
 * than surfacing as a failure of whatever call needed the credentials first ("ListBuckets failed:
 * AccessDenied"). A refusal (a trust policy that does not let the operator in, a wrong ExternalId)
 * stands for {@link #REFUSAL_STANDS}: every check that needs the role in that time fails with it
 * without asking STS again, so a refused role costs one AssumeRole a minute, not one per bucket.
 */
final class AssumedRoleCredentials implements AwsCredentialsProvider, SdkAutoCloseable {

  static final Duration REFUSAL_STANDS = Duration.ofMinutes(1);

  private record Refusal(AwsFailure failure, Instant at) {}

  private final AwsCredentialsProvider delegate;
  private final String roleArn;
  private final Clock clock;
  private final AtomicReference<Refusal> refused = new AtomicReference<>();

  AssumedRoleCredentials(AwsCredentialsProvider delegate, String roleArn, Clock clock) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.roleArn = Objects.requireNonNull(roleArn, "roleArn");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public AwsCredentials resolveCredentials() {
    Refusal last = refused.get();
    if (last != null && clock.instant().isBefore(last.at().plus(REFUSAL_STANDS))) {
      throw last.failure();
    }
    try {
      AwsCredentials credentials = delegate.resolveCredentials();
      refused.set(null);
      return credentials;
    } catch (RuntimeException e) {
      AwsFailure cause = AwsErrorClassifier.classify("AssumeRole", e);
      FailureKind kind = cause.isTransient() ? cause.kind() : FailureKind.ASSUME_ROLE_FAILED;
      AwsFailure failure =
          new AwsFailure(
              kind,
              "AssumeRole",
              cause.errorCode(),
              "could not assume role "
                  + roleArn
                  + ": "
                  + cause.getMessage().replaceFirst("^AssumeRole failed: ", ""),
              e);
      if (!failure.isTransient()) {
        refused.set(new Refusal(failure, clock.instant()));
      }
      throw failure;
    }
  }

  @Override
  public void close() {
    if (delegate instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // closing on shutdown: nothing useful to do with a failure here
      }
    }
  }
}
