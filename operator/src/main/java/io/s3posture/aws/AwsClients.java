package io.s3posture.aws;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3control.S3ControlClient;

/** The SDK clients for one {@link AwsTarget}. */
public record AwsClients(AwsTarget target, S3Client s3, S3ControlClient s3Control)
    implements AutoCloseable {

  @Override
  public void close() {
    s3.close();
    s3Control.close();
  }
}
