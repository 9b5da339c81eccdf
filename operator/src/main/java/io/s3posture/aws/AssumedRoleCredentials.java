package io.s3posture.aws;

import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Credentials of an assumed role whose failures say which role could not be assumed and why, rather
 * than surfacing as a failure of whatever call needed the credentials first ("ListBuckets failed:
 * AccessDenied").
 */
final class AssumedRoleCredentials implements AwsCredentialsProvider, SdkAutoCloseable {

  private final AwsCredentialsProvider delegate;
  private final String roleArn;

  AssumedRoleCredentials(AwsCredentialsProvider delegate, String roleArn) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.roleArn = Objects.requireNonNull(roleArn, "roleArn");
  }

  @Override
  public AwsCredentials resolveCredentials() {
    try {
      return delegate.resolveCredentials();
    } catch (RuntimeException e) {
      AwsFailure cause = AwsErrorClassifier.classify("AssumeRole", e);
      FailureKind kind = cause.isTransient() ? cause.kind() : FailureKind.ASSUME_ROLE_FAILED;
      throw new AwsFailure(
          kind,
          "AssumeRole",
          cause.errorCode(),
          "could not assume role "
              + roleArn
              + ": "
              + cause.getMessage().replaceFirst("^AssumeRole failed: ", ""),
          e);
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
