package io.s3posture.aws;

import java.util.Arrays;
import java.util.Optional;

/**
 * What went wrong with an AWS call, in the terms status, events and metrics use. Transient kinds
 * are retried with backoff; terminal ones are reported and checked again at the next resync.
 */
public enum FailureKind {
  NO_SUCH_BUCKET("NoSuchBucket", false),
  ACCESS_DENIED("AccessDenied", false),
  THROTTLED("Throttled", true),
  SERVICE_UNAVAILABLE("ServiceUnavailable", true),
  OPERATION_ABORTED("OperationAborted", true),
  NETWORK("NetworkError", true),
  /** A response that could not be parsed (cut short or corrupted on the way): read again. */
  MALFORMED_RESPONSE("MalformedResponse", true),
  INVALID_KMS_KEY("InvalidKmsKey", false),
  MALFORMED_POLICY("MalformedPolicy", false),
  ACLS_NOT_SUPPORTED("AccessControlListNotSupported", false),
  ACL_BLOCKS_OWNERSHIP_CHANGE("InvalidBucketAclWithObjectOwnership", false),
  INVALID_BUCKET_STATE("InvalidBucketState", false),
  INVALID_REQUEST("InvalidRequest", false),
  CREDENTIALS("CredentialsError", false),
  /** STS refused to let the operator assume the policy's role (trust policy, ExternalId, ...). */
  ASSUME_ROLE_FAILED("AssumeRoleFailed", false),
  OTHER("AwsError", false);

  private final String reason;
  private final boolean transientFailure;

  FailureKind(String reason, boolean transientFailure) {
    this.reason = reason;
    this.transientFailure = transientFailure;
  }

  /** Stable CamelCase reason for status, events and metric labels. */
  public String reason() {
    return reason;
  }

  /** The kind whose reason is {@code reason} ({@code Throttled}), if one is. */
  public static Optional<FailureKind> ofReason(String reason) {
    return Arrays.stream(values()).filter(k -> k.reason.equals(reason)).findFirst();
  }

  public boolean isTransient() {
    return transientFailure;
  }
}
