package io.s3posture.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3control.S3ControlClient;
import software.amazon.awssdk.services.s3control.model.NoSuchPublicAccessBlockConfigurationException;

/** {@link AccountGateway} over the AWS SDK's S3 Control client. */
public final class SdkAccountGateway implements AccountGateway {

  private final S3ControlClient s3Control;
  private final Optional<Supplier<S3ControlClient>> multiRegion;

  /** A gateway that does not read multi-region access points. */
  public SdkAccountGateway(S3ControlClient s3Control) {
    this(s3Control, Optional.empty());
  }

  /**
   * @param multiRegion the client for multi-region access points (AWS serves their control plane in
   *     us-west-2 only); empty where AWS offers none (China, GovCloud)
   */
  public SdkAccountGateway(
      S3ControlClient s3Control, Optional<Supplier<S3ControlClient>> multiRegion) {
    this.s3Control = s3Control;
    this.multiRegion = multiRegion;
  }

  @Override
  public List<AccessPoint> accessPoints(String accountId) {
    List<AccessPoint> points =
        new ArrayList<>(SdkAccessPoints.regional(s3Control, accountId, Optional.empty()));
    multiRegion.ifPresent(
        client -> points.addAll(SdkAccessPoints.multiRegion(client.get(), accountId)));
    return points;
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
