package io.s3posture.aws;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and as whom the operator talks to AWS: one set of clients per distinct target.
 *
 * @param region the AWS region of the buckets
 * @param accountId the expected bucket owner (sent as ExpectedBucketOwner; required by S3 Control)
 * @param roleArn a role to assume through STS, or empty for the default credential chain
 * @param externalId the ExternalId for the assumed role
 * @param endpoint an S3-compatible endpoint (and STS endpoint) overriding AWS's, for local stacks
 */
public record AwsTarget(
    String region,
    Optional<String> accountId,
    Optional<String> roleArn,
    Optional<String> externalId,
    Optional<URI> endpoint) {

  public AwsTarget {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(roleArn, "roleArn");
    Objects.requireNonNull(externalId, "externalId");
    Objects.requireNonNull(endpoint, "endpoint");
  }

  public static AwsTarget of(String region) {
    return new AwsTarget(
        region, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** The same account, role and endpoint in another region. */
  public AwsTarget withRegion(String other) {
    return new AwsTarget(other, accountId, roleArn, externalId, endpoint);
  }

  public AwsTarget withEndpoint(URI uri) {
    return new AwsTarget(region, accountId, roleArn, externalId, Optional.ofNullable(uri));
  }

  public AwsTarget withAccountId(String id) {
    return new AwsTarget(region, Optional.ofNullable(id), roleArn, externalId, endpoint);
  }

  public AwsTarget withRole(String arn, String external) {
    return new AwsTarget(
        region, accountId, Optional.ofNullable(arn), Optional.ofNullable(external), endpoint);
  }
}
