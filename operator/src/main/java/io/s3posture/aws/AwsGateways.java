package io.s3posture.aws;

import java.util.Objects;

/** The gateways of a target: S3 for its buckets, S3 Control and the detection services. */
public final class AwsGateways {

  private final AwsClientFactory clients;

  public AwsGateways(AwsClientFactory clients) {
    this.clients = Objects.requireNonNull(clients, "clients");
  }

  public S3Gateway bucketGateway(AwsTarget target) {
    return new SdkS3Gateway(clients.clientsFor(target).s3(), target.accountId());
  }

  public AccountGateway accountGateway(AwsTarget target) {
    return new SdkAccountGateway(clients.clientsFor(target).s3Control());
  }

  /** The detection services (CloudTrail, Config, GuardDuty, Macie) in the target's region. */
  public DetectionGateway detectionGateway(AwsTarget target) {
    return SdkDetectionGateway.of(clients, target);
  }
}
