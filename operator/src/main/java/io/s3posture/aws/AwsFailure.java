package io.s3posture.aws;

import java.util.Objects;

/** A failed AWS call, classified. The message keeps AWS's own error code and text. */
public class AwsFailure extends RuntimeException {

  private final FailureKind kind;
  private final String operation;
  private final String errorCode;

  public AwsFailure(
      FailureKind kind, String operation, String errorCode, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.operation = operation;
    this.errorCode = errorCode;
  }

  public FailureKind kind() {
    return kind;
  }

  /** The S3 operation, e.g. PutBucketEncryption. */
  public String operation() {
    return operation;
  }

  /** AWS's error code, e.g. AccessDenied; null when there was no response. */
  public String errorCode() {
    return errorCode;
  }

  public boolean isTransient() {
    return kind.isTransient();
  }
}
