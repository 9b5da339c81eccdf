package io.s3posture.aws;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.services.s3control.endpoints.S3ControlEndpointParams;
import software.amazon.awssdk.services.s3control.endpoints.S3ControlEndpointProvider;

/**
 * Resolves every S3 Control call to one fixed URL. The SDK's endpoint rules prefix the host with
 * {@code {AccountId}.} even with an endpoint override, which cannot resolve for a local endpoint
 * such as {@code 127.0.0.1}; real AWS needs the prefix, so this is used only with an override.
 */
final class S3ControlFixedEndpoint implements S3ControlEndpointProvider {

  private final URI url;

  S3ControlFixedEndpoint(URI url) {
    this.url = url;
  }

  @Override
  public CompletableFuture<Endpoint> resolveEndpoint(S3ControlEndpointParams params) {
    return CompletableFuture.completedFuture(Endpoint.builder().url(url).build());
  }
}
