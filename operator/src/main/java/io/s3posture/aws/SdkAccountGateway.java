package io.s3posture.aws;

import software.amazon.awssdk.services.s3control.S3ControlClient;
import software.amazon.awssdk.services.s3control.model.NoSuchPublicAccessBlockConfigurationException;

/** {@link AccountGateway} over the AWS SDK's S3 Control client. */
public final class SdkAccountGateway implements AccountGateway {

  private final S3ControlClient s3Control;

  public SdkAccountGateway(S3ControlClient s3Control) {
    this.s3Control = s3Control;
  }

  @Override
  public PublicAccessBlock publicAccessBlock(String accountId) {
    try {
      var c =
          s3Control
              .getPublicAccessBlock(r -> r.accountId(accountId))
              .publicAccessBlockConfiguration();
      return PublicAccessBlock.of(
          c.blockPublicAcls(),
          c.ignorePublicAcls(),
          c.blockPublicPolicy(),
          c.restrictPublicBuckets());
    } catch (NoSuchPublicAccessBlockConfigurationException e) {
      return PublicAccessBlock.NONE;
    } catch (RuntimeException e) {
      throw AwsErrorClassifier.classify("GetPublicAccessBlock", e);
    }
  }

  @Override
  public void putPublicAccessBlock(String accountId, PublicAccessBlock block) {
    try {
      s3Control.putPublicAccessBlock(
          r ->
              r.accountId(accountId)
                  .publicAccessBlockConfiguration(
                      c ->
                          c.blockPublicAcls(block.blockPublicAcls())
                              .ignorePublicAcls(block.ignorePublicAcls())
                              .blockPublicPolicy(block.blockPublicPolicy())
                              .restrictPublicBuckets(block.restrictPublicBuckets())));
    } catch (RuntimeException e) {
      throw AwsErrorClassifier.classify("PutPublicAccessBlock", e);
    }
  }
}
