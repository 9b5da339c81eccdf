package io.s3posture.cli;

import io.s3posture.aws.FailureKind;

/**
 * Credential failures in one line for people: the SDK's message for a missing credential lists
 * every provider of its chain (about 1,500 characters); what a person needs is what to set.
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
  static String forPeople(String reason, String message) {
    if (!FailureKind.CREDENTIALS.reason().equals(reason)) {
      return message;
    }
    if (message.contains("Unable to load credentials")) {
      return MISSING;
    }
    String first = message.lines().findFirst().orElse("").strip();
    return first.length() <= MAX_LENGTH ? first : first.substring(0, MAX_LENGTH - 3) + "...";
  }
}
