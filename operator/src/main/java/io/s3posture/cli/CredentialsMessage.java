package io.s3posture.cli;

import io.s3posture.aws.CredentialsProblem;
import io.s3posture.aws.FailureKind;
import java.util.Map;

/**
 * Credential failures in one line for people at a terminal: what to set, rather than the SDK's list
 * of every provider of its chain. The classification is the operator's too ({@link
 * CredentialsProblem}); the advice here is a terminal's.
 */
final class CredentialsMessage {

  static final String MISSING =
      "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and"
          + " AWS_SESSION_TOKEN for temporary ones), or AWS_PROFILE / --profile for a profile in"
          + " ~/.aws, or run where AWS provides a role (EC2, ECS, EKS); --role-arn then assumes a"
          + " role with them";

  private static final int MAX_LENGTH = 240;

  private CredentialsMessage() {}

  /** The message to show for a failure with {@code reason}; other failures are left as they are. */
  static String forPeople(CheckReason reason, String message) {
    return forPeople(reason, message, System.getenv());
  }

  static String forPeople(CheckReason reason, String message, Map<String, String> environment) {
    if (!reason.is(FailureKind.CREDENTIALS)) {
      return message;
    }
    return CredentialsProblem.of(FailureKind.CREDENTIALS, message, environment)
        .map(
            problem ->
                switch (problem) {
                  case NOT_FOUND, NO_SUCH_PROFILE -> MISSING;
                  case WEB_IDENTITY_FAILED ->
                      "the web identity token of "
                          + CredentialsProblem.WEB_IDENTITY_TOKEN_FILE
                          + " was refused"
                          + said(message, "WebIdentityTokenFileCredentialsProvider");
                  case CONTAINER_ENDPOINT_FAILED ->
                      "the container credentials endpoint of "
                          + CredentialsProblem.CONTAINER_CREDENTIALS_FULL_URI
                          + " gave no credentials"
                          + said(message, "ContainerCredentialsProvider");
                  case REJECTED -> firstLine(message);
                })
        .orElse(message);
  }

  private static String said(String message, String provider) {
    return CredentialsProblem.providerSaid(message, provider).map(s -> ": " + s).orElse("");
  }

  private static String firstLine(String message) {
    String first = message.lines().findFirst().orElse("").strip();
    return first.length() <= MAX_LENGTH ? first : first.substring(0, MAX_LENGTH - 3) + "...";
  }
}
