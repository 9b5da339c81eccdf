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
    AwsClients targetClients = clients.clientsFor(target);
    return new SdkS3Gateway(targetClients.s3(), target.accountId(), targetClients::s3Control);
  }

  public S3Gateway bucketGateway(AwsSpec aws) {
    return bucketGateway(targetFor(aws));
  }

  public AccountGateway accountGateway(AwsSpec aws) {
    AwsTarget target = targetFor(aws);
    return new SdkAccountGateway(
        clients.clientsFor(target).s3Control(), multiRegionControl(target));
  }

  /**
   * Where multi-region access points are read: AWS serves their control plane in us-west-2 only,
   * and not in China or GovCloud; an endpoint override (a local stack) serves them itself.
   */
  private Optional<
          java.util.function.Supplier<software.amazon.awssdk.services.s3control.S3ControlClient>>
      multiRegionControl(AwsTarget target) {
    if (target.endpoint().isPresent()) {
      return Optional.of(() -> clients.clientsFor(target).s3Control());
    }
    if (target.region().startsWith("cn-") || target.region().startsWith("us-gov-")) {
      return Optional.empty();
    }
    AwsTarget usWest2 = target.withRegion(MULTI_REGION_CONTROL_REGION);
    return Optional.of(() -> clients.clientsFor(usWest2).s3Control());
  }

  /** The one region AWS serves the multi-region access point control plane in. */
  static final String MULTI_REGION_CONTROL_REGION = "us-west-2";

  /** The detection services (CloudTrail, Config, GuardDuty, Macie) in {@code spec.aws.region}. */
  public DetectionGateway detectionGateway(AwsSpec aws) {
    return SdkDetectionGateway.of(clients, targetFor(aws));
  }

  /** The detection services in another region (e.g. a bucket's), same account and credentials. */
  public DetectionGateway detectionGateway(AwsSpec aws, String region) {
    return SdkDetectionGateway.of(clients, targetFor(aws).withRegion(region));
  }
}
