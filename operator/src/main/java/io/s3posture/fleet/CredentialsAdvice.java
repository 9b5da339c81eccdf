package io.s3posture.fleet;

import io.s3posture.aws.CredentialsProblem;
import io.s3posture.aws.FailureKind;
import java.util.Map;

/**
 * Credential failures in one line for the people who run the operator: what to check for IRSA or
 * EKS Pod Identity, instead of the SDK's dump of every provider of its chain (about 1,500
 * characters, in every finding, event, condition and log line). The classification is shared with
 * the CLI ({@link CredentialsProblem}); the advice here is a pod's.
 */
public final class CredentialsAdvice {

  static final String NO_IDENTITY =
      "no AWS credentials: the operator's pod has no workload identity. Give its ServiceAccount a"
          + " role (IRSA: the annotation eks.amazonaws.com/role-arn, chart value"
          + " serviceAccount.annotations; EKS Pod Identity: an association for the ServiceAccount),"
          + " see docs/iam.md";

  private static final int MAX_LENGTH = 400;

  private CredentialsAdvice() {}

  /** The one line to show for a failure of {@code kind}; other failures keep their message. */
  public static String forOperator(FailureKind kind, String message) {
    return forOperator(kind, message, System.getenv());
  }

  static String forOperator(FailureKind kind, String message, Map<String, String> environment) {
    return CredentialsProblem.of(kind, message, environment)
        .map(
            problem ->
                switch (problem) {
                  case NOT_FOUND, NO_SUCH_PROFILE -> NO_IDENTITY;
                  case WEB_IDENTITY_FAILED ->
                      "IRSA: STS refused the web identity token of "
                          + environment.getOrDefault(
                              CredentialsProblem.WEB_IDENTITY_TOKEN_FILE, "(no token file)")
                          + " for role "
                          + environment.getOrDefault("AWS_ROLE_ARN", "(no AWS_ROLE_ARN)")
                          + said(message, "WebIdentityTokenFileCredentialsProvider")
                          + "; check the role's trust policy (the cluster's OIDC provider, and"
                          + " system:serviceaccount:<namespace>:<name> as the subject)";
                  case CONTAINER_ENDPOINT_FAILED ->
                      "EKS Pod Identity: the credentials endpoint "
                          + environment.getOrDefault(
                              CredentialsProblem.CONTAINER_CREDENTIALS_FULL_URI, "")
                          + " gave no credentials"
                          + said(message, "ContainerCredentialsProvider")
                          + "; check the pod identity association of the ServiceAccount and that"
                          + " eks-pod-identity-agent runs on the node";
                  case REJECTED -> firstLine(message);
                })
        .map(CredentialsAdvice::capped)
        .orElse(message);
  }

  private static String said(String message, String provider) {
    return CredentialsProblem.providerSaid(message, provider).map(s -> ": " + s).orElse("");
  }

  private static String firstLine(String message) {
    return message.lines().findFirst().orElse("").strip();
  }

  private static String capped(String line) {
    return line.length() <= MAX_LENGTH ? line : line.substring(0, MAX_LENGTH - 3) + "...";
  }
}
