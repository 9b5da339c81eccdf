package io.s3posture.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The SDK's real messages (captured in {@code src/test/resources/credentials/}) classified by the
 * environment that decides which provider was meant to answer.
 */
public class CredentialsProblemTest {

  public static String sdk(String name) {
    try (InputStream in =
        CredentialsProblemTest.class.getResourceAsStream("/credentials/" + name + ".txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void nothingConfiguredIsNotFound() {
    assertThat(CredentialsProblem.of(FailureKind.CREDENTIALS, sdk("none"), Map.of()))
        .contains(CredentialsProblem.NOT_FOUND);
  }

  @Test
  void irsaConfiguredIsTheWebIdentitysFailureWithWhatStsSaid() {
    String message = sdk("web-identity");
    Map<String, String> irsa =
        Map.of(
            "AWS_WEB_IDENTITY_TOKEN_FILE",
                "/var/run/secrets/eks.amazonaws.com/serviceaccount/token",
            "AWS_ROLE_ARN", "arn:aws:iam::111122223333:role/x");

    assertThat(CredentialsProblem.of(FailureKind.CREDENTIALS, message, irsa))
        .contains(CredentialsProblem.WEB_IDENTITY_FAILED);
    assertThat(CredentialsProblem.providerSaid(message, "WebIdentityTokenFileCredentialsProvider"))
        .hasValueSatisfying(
            said ->
                assertThat(said)
                    .startsWith("Unable to execute HTTP request: Connect to 127.0.0.1:1")
                    .doesNotContain("ProfileCredentialsProvider"));
  }

  @Test
  void podIdentityConfiguredIsTheContainerEndpointsFailure() {
    String message = sdk("container");
    Map<String, String> podIdentity =
        Map.of(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://169.254.170.23/v1/credentials",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "/var/run/secrets/pods.eks.amazonaws.com/x");

    assertThat(CredentialsProblem.of(FailureKind.CREDENTIALS, message, podIdentity))
        .contains(CredentialsProblem.CONTAINER_ENDPOINT_FAILED);
    assertThat(CredentialsProblem.providerSaid(message, "ContainerCredentialsProvider"))
        .contains("Failed to load credentials from metadata service.");
  }

  @Test
  void refusedKeysAndOtherKindsAreToldApart() {
    assertThat(
            CredentialsProblem.of(
                FailureKind.CREDENTIALS,
                "ListBuckets failed: InvalidAccessKeyId (The AWS Access Key Id you provided does"
                    + " not exist in our records.)",
                Map.of()))
        .contains(CredentialsProblem.REJECTED);
    assertThat(CredentialsProblem.of(FailureKind.ACCESS_DENIED, sdk("none"), Map.of())).isEmpty();
  }
}
