package io.s3posture.aws;

import io.s3posture.api.v1alpha1.AwsSpec;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/** Gateways for a policy's {@code spec.aws}, with the operator's default endpoint as fallback. */
public final class AwsGateways {

  private final AwsClientFactory clients;
  private final Optional<URI> defaultEndpoint;

  public AwsGateways(AwsClientFactory clients, Optional<URI> defaultEndpoint) {
    this.clients = Objects.requireNonNull(clients, "clients");
    this.defaultEndpoint = Objects.requireNonNull(defaultEndpoint, "defaultEndpoint");
  }

  public AwsTarget targetFor(AwsSpec aws) {
    return new AwsTarget(
        aws.region(),
        Optional.ofNullable(aws.accountId()),
        Optional.ofNullable(aws.roleArn()),
        Optional.ofNullable(aws.externalId()),
        Optional.ofNullable(aws.endpoint()).map(URI::create).or(() -> defaultEndpoint));
  }

  public S3Gateway bucketGateway(AwsTarget target) {
    return new SdkS3Gateway(clients.clientsFor(target).s3(), target.accountId());
  }

  public S3Gateway bucketGateway(AwsSpec aws) {
    AwsTarget target = targetFor(aws);
    return new SdkS3Gateway(clients.clientsFor(target).s3(), target.accountId());
  }

  public AccountGateway accountGateway(AwsTarget target) {
    return new SdkAccountGateway(clients.clientsFor(target).s3Control());
  }

  /** The detection services (CloudTrail, Config, GuardDuty, Macie) in the target's region. */
  public DetectionGateway detectionGateway(AwsTarget target) {
    return SdkDetectionGateway.of(clients, target);
  }

  /** The detection services in another region (e.g. a bucket's), same account and credentials. */
  public DetectionGateway detectionGateway(AwsSpec aws, String region) {
    return SdkDetectionGateway.of(clients, targetFor(aws).withRegion(region));
  }
}
