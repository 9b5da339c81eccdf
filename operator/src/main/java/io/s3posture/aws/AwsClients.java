package io.s3posture.aws;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3control.S3ControlClient;
import software.amazon.awssdk.services.sts.StsClient;

/** The SDK clients for one {@link AwsTarget}. */
public record AwsClients(AwsTarget target, S3Client s3, S3ControlClient s3Control, StsClient sts)
    implements AutoCloseable {

  /** The account the target's credentials belong to (STS GetCallerIdentity). */
  public String callerAccountId() {
    try {
      return sts.getCallerIdentity().account();
    } catch (RuntimeException e) {
      throw AwsErrorClassifier.classify("GetCallerIdentity", e);
    }
  }

  /**
   * The ARN the target's credentials act as (STS GetCallerIdentity): what CloudTrail records as
   * {@code userIdentity.arn} for the operator's own calls, to recognise them in change events.
   */
  public String callerArn() {
    try {
      return sts.getCallerIdentity().arn();
    } catch (RuntimeException e) {
      throw AwsErrorClassifier.classify("GetCallerIdentity", e);
    }
  }

  @Override
  public void close() {
    s3.close();
    s3Control.close();
    sts.close();
  }
}
