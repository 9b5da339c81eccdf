package io.s3posture.aws;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3control.S3ControlClient;

/** The gateways of a target: S3 for its buckets, S3 Control and the detection services. */
public final class AwsGateways {

  /** The one region AWS serves the multi-region access point control plane in. */
  static final String MULTI_REGION_CONTROL_REGION = "us-west-2";

  private final AwsClientFactory clients;

  public AwsGateways(AwsClientFactory clients) {
    this.clients = Objects.requireNonNull(clients, "clients");
  }

  /** S3 for the target's buckets, with S3 Control in the same region for their access points. */
  public S3Gateway bucketGateway(AwsTarget target) {
    AwsClients targetClients = clients.clientsFor(target);
    return new SdkS3Gateway(targetClients.s3(), target.accountId(), targetClients::s3Control);
  }

  public AccountGateway accountGateway(AwsTarget target) {
    return new SdkAccountGateway(
        clients.clientsFor(target).s3Control(), multiRegionControl(target));
  }

  /** The detection services (CloudTrail, Config, GuardDuty, Macie) in the target's region. */
  public DetectionGateway detectionGateway(AwsTarget target) {
    return SdkDetectionGateway.of(clients, target);
  }

  /** The organization the target's credentials administer (management or delegated admin). */
  public OrganizationGateway organizationGateway(AwsTarget target) {
    return new SdkOrganizationGateway(clients.clientsFor(target).organizations());
  }

  /**
   * Where multi-region access points are read: AWS serves their control plane in us-west-2 only,
   * and not in China or GovCloud; an endpoint override (a local stack) serves them itself.
   */
  private Optional<Supplier<S3ControlClient>> multiRegionControl(AwsTarget target) {
    if (target.endpoint().isPresent()) {
      return Optional.of(() -> clients.clientsFor(target).s3Control());
    }
    if (target.region().startsWith("cn-") || target.region().startsWith("us-gov-")) {
      return Optional.empty();
    }
    AwsTarget usWest2 = target.withRegion(MULTI_REGION_CONTROL_REGION);
    return Optional.of(() -> clients.clientsFor(usWest2).s3Control());
  }
}
