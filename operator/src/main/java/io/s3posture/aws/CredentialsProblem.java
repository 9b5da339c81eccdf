package io.s3posture.aws;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a call had no usable AWS credentials, told from the SDK's message and the environment that
 * decides which provider of the default chain was meant to answer. The SDK's own message lists
 * every provider of its chain (about 1,500 characters); the CLI and the operator each turn this
 * classification into one line of advice for their users.
 */
public enum CredentialsProblem {
  /** No provider of the default chain had credentials, and no workload identity is configured. */
  NOT_FOUND,
  /** The named profile is in neither shared AWS file. */
  NO_SUCH_PROFILE,
  /** IRSA is configured (a web identity token file), but exchanging the token failed. */
  WEB_IDENTITY_FAILED,
  /** EKS Pod Identity (or another container endpoint) is configured, but gave no credentials. */
  CONTAINER_ENDPOINT_FAILED,
  /** AWS refused the credentials themselves: unknown key, bad signature, expired token. */
  REJECTED;

  /** Set by the IRSA webhook in a pod whose ServiceAccount names a role. */
  public static final String WEB_IDENTITY_TOKEN_FILE = "AWS_WEB_IDENTITY_TOKEN_FILE";

  /** Set by EKS Pod Identity in a pod whose ServiceAccount has an association. */
  public static final String CONTAINER_CREDENTIALS_FULL_URI = "AWS_CONTAINER_CREDENTIALS_FULL_URI";

  /** One provider's part of the chain's message: {@code Name(...): what it said}. */
  private static final Pattern PROVIDER_PART =
      Pattern.compile(
          "(\\w+CredentialsProvider)\\([^)]*\\)\\s*:\\s*(.*?)"
              + "(?=, \\w+CredentialsProvider\\(|\\]\\s*$)",
          Pattern.DOTALL);

  /**
   * The problem behind a failure of kind {@code kind} with the SDK's {@code message}, or empty when
   * the failure is not about credentials.
   */
  public static Optional<CredentialsProblem> of(
      FailureKind kind, String message, Map<String, String> environment) {
    if (kind != FailureKind.CREDENTIALS) {
      return Optional.empty();
    }
    String text = message == null ? "" : message;
    if (text.contains("Profile file contained no credentials for profile")
        && !text.contains("Unable to load credentials from any of the providers")) {
      return Optional.of(NO_SUCH_PROFILE);
    }
    if (!text.contains("Unable to load credentials")) {
      return Optional.of(REJECTED);
    }
    if (present(environment, WEB_IDENTITY_TOKEN_FILE)) {
      return Optional.of(WEB_IDENTITY_FAILED);
    }
    if (present(environment, CONTAINER_CREDENTIALS_FULL_URI)) {
      return Optional.of(CONTAINER_ENDPOINT_FAILED);
    }
    return Optional.of(NOT_FOUND);
  }

  /**
   * What one provider of the chain said, e.g. the web identity provider's STS error, cut to its
   * first sentence; empty when the message does not name it.
   */
  public static Optional<String> providerSaid(String message, String provider) {
    Matcher part = PROVIDER_PART.matcher(message == null ? "" : message);
    while (part.find()) {
      if (part.group(1).equals(provider)) {
        String said = part.group(2).strip();
        int end = said.indexOf(". ");
        return Optional.of(end > 0 ? said.substring(0, end + 1) : said)
            .filter(s -> !s.isEmpty())
            .map(s -> s.length() <= 200 ? s : s.substring(0, 197) + "...");
      }
    }
    return Optional.empty();
  }

  private static boolean present(Map<String, String> environment, String name) {
    String value = environment.get(name);
    return value != null && !value.isBlank();
  }
}
