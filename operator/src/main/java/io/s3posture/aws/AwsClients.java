package io.s3posture.aws;

import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3control.S3ControlClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The SDK clients for one {@link AwsTarget}.
 *
 * @param config AWS Config (JSON 1.1), through {@link AwsJsonClient}
 * @param guardDuty GuardDuty (REST-JSON), through {@link AwsJsonClient}
 * @param macie Macie (REST-JSON, signing name macie2), through {@link AwsJsonClient}
 */
public record AwsClients(
    AwsTarget target,
    S3Client s3,
    S3ControlClient s3Control,
    StsClient sts,
    CloudTrailClient cloudTrail,
    AwsJsonClient config,
    AwsJsonClient guardDuty,
    AwsJsonClient macie)
    implements AutoCloseable {

  /** The account the target's credentials belong to (STS GetCallerIdentity). */
  public String callerAccountId() {
    try {
      return sts.getCallerIdentity().account();
    } catch (RuntimeException e) {
      throw AwsErrorClassifier.classify("GetCallerIdentity", e);
    }
  }

  @Override
  public void close() {
    s3.close();
    s3Control.close();
    sts.close();
    cloudTrail.close();
  }
}
