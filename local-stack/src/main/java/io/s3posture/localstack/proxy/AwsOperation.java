package io.s3posture.localstack.proxy;

import java.util.Objects;
import java.util.Optional;

/**
 * What a request asks AWS to do, e.g. {@code s3:GetBucketPolicy} on bucket {@code b}.
 *
 * @param service the service as the proxy counts it: {@code s3}, {@code s3control}, {@code sts},
 *     {@code sqs}, ... ({@code moto} for moto's own {@code /moto-api/}, which is never faulted)
 * @param name the operation's API name, e.g. {@code GetBucketPolicy}
 * @param bucket the bucket of an S3 request
 * @param role the role ARN of an STS AssumeRole request
 */
public record AwsOperation(
    Protocol protocol,
    String service,
    String name,
    Optional<String> bucket,
    Access access,
    Optional<String> role) {

  /** How the request is encoded, which decides how an injected error must look. */
  public enum Protocol {
    /** S3's REST XML: errors are {@code <Error>} documents. */
    S3_REST,
    /** S3 Control's REST XML: errors are {@code <ErrorResponse><Error>} documents. */
    S3_CONTROL,
    /** The query protocol ({@code Action=}): STS, and SQS or SNS from older SDKs. */
    QUERY,
    /** The JSON protocol ({@code X-Amz-Target}): SQS, EventBridge, CloudTrail, Config, ... */
    JSON,
    /** moto's own API. */
    MOTO
  }

  /** Whether an operation changes state; rules can fault reads or writes only. */
  public enum Access {
    READ,
    WRITE
  }

  public AwsOperation {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(role, "role");
  }

  /** An operation on no role. */
  public AwsOperation(
      Protocol protocol, String service, String name, Optional<String> bucket, Access access) {
    this(protocol, service, name, bucket, access, Optional.empty());
  }

  /** {@code service:name}, the key requests are counted by. */
  public String qualifiedName() {
    return service + ":" + name;
  }

  @Override
  public String toString() {
    return qualifiedName() + bucket.map(b -> " " + b).orElse("");
  }
}
