package io.s3posture.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.aws.CredentialsProblemTest;
import io.s3posture.aws.FailureKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A pod without usable credentials says in one line what to check, from the SDK's real messages
 * (captured in src/test/resources/credentials), instead of the SDK's dump of its whole chain.
 */
class CredentialsAdviceTest {

  @Test
  void noWorkloadIdentityNamesIrsaAndPodIdentityInOneLine() {
    String sdk = CredentialsProblemTest.sdk("none");

    String advice = CredentialsAdvice.forOperator(FailureKind.CREDENTIALS, sdk, Map.of());

    assertThat(sdk.length()).as("what the SDK says").isGreaterThan(1000);
    assertThat(advice)
        .isEqualTo(CredentialsAdvice.NO_IDENTITY)
        .contains("eks.amazonaws.com/role-arn", "Pod Identity", "docs/iam.md")
        .doesNotContain("\n");
  }

  @Test
  void aRefusedWebIdentityTokenNamesTheRoleTheTokenAndWhatStsSaid() {
    String advice =
        CredentialsAdvice.forOperator(
            FailureKind.CREDENTIALS,
            CredentialsProblemTest.sdk("web-identity"),
            Map.of(
                "AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/secrets/eks.amazonaws.com/token",
                "AWS_ROLE_ARN", "arn:aws:iam::111122223333:role/s3-posture"));

    assertThat(advice)
        .startsWith(
            "IRSA: STS refused the web identity token of /var/run/secrets/eks.amazonaws.com/token"
                + " for role arn:aws:iam::111122223333:role/s3-posture: ")
        .contains("trust policy")
        .doesNotContain("\n")
        .hasSizeLessThanOrEqualTo(400);
  }

  @Test
  void aPodIdentityEndpointWithoutCredentialsSaysWhatToCheck() {
    String advice =
        CredentialsAdvice.forOperator(
            FailureKind.CREDENTIALS,
            CredentialsProblemTest.sdk("container"),
            Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://169.254.170.23/v1/credentials"));

    assertThat(advice)
        .startsWith(
            "EKS Pod Identity: the credentials endpoint http://169.254.170.23/v1/credentials")
        .contains("eks-pod-identity-agent")
        .doesNotContain("\n");
  }

  @Test
  void otherFailuresKeepTheirMessage() {
    assertThat(CredentialsAdvice.forOperator(FailureKind.ACCESS_DENIED, "denied", Map.of()))
        .isEqualTo("denied");
  }
}
