package io.s3posture.target;

import io.s3posture.api.v1alpha1.AwsSpec;
import io.s3posture.aws.AwsTarget;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and as whom a policy's {@code spec.aws} reaches AWS, with a default endpoint as fallback.
 */
public final class AwsTargets {

  private final Optional<URI> defaultEndpoint;

  /**
   * @param defaultEndpoint the endpoint of policies that name none (a local stack), else AWS's
   */
  public AwsTargets(Optional<URI> defaultEndpoint) {
    this.defaultEndpoint = Objects.requireNonNull(defaultEndpoint, "defaultEndpoint");
  }

  public AwsTarget of(AwsSpec aws) {
    return new AwsTarget(
        aws.region(),
        Optional.ofNullable(aws.accountId()),
        Optional.ofNullable(aws.roleArn()),
        Optional.ofNullable(aws.externalId()),
        Optional.ofNullable(aws.endpoint()).map(URI::create).or(() -> defaultEndpoint));
  }
}
