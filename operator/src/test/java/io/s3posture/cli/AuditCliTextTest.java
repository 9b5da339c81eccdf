package io.s3posture.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.aws.CredentialsProblemTest;
import io.s3posture.aws.FailureKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the command says to people: versions, credentials, terminals. */
class AuditCliTextTest {

  @Test
  void versionPrintsTheToolAndItsVersion() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit =
        AuditCommand.run(
            new String[] {"--version"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    assertThat(exit).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).matches("s3posture \\S+\\n");
  }

  @Test
  void aMissingCredentialIsOneLineSayingWhatToSet() {
    String sdk =
        "Unable to load credentials from any of the providers in the chain"
            + " AwsCredentialsProviderChain(credentialsProviders=[SystemPropertyCredentialsProvider(),"
            + " EnvironmentVariableCredentialsProvider(), ...]) : [SystemPropertyCredentialsProvider():"
            + " Unable to load credentials from system settings. ...]".repeat(5);

    String message = CredentialsMessage.forPeople(CheckReason.failed(FailureKind.CREDENTIALS), sdk);

    assertThat(message).doesNotContain("\n").hasSizeLessThan(400);
    assertThat(message).contains("AWS_ACCESS_KEY_ID", "AWS_PROFILE", "--profile", "--role-arn");
    assertThat(
            CheckResult.error(Checks.VERSIONING, CheckReason.failed(FailureKind.CREDENTIALS), sdk)
                .message())
        .isEqualTo(message);
    assertThat(CredentialsMessage.forPeople(CheckReason.failed(FailureKind.ACCESS_DENIED), sdk))
        .isEqualTo(sdk);
  }

  @Test
  void workloadIdentityFailuresSayWhichOneAndWhatItAnswered() {
    String irsa =
        CredentialsMessage.forPeople(
            CheckReason.failed(FailureKind.CREDENTIALS),
            CredentialsProblemTest.sdk("web-identity"),
            Map.of("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/secrets/token"));

    assertThat(irsa)
        .doesNotContain("\n")
        .hasSizeLessThan(300)
        .startsWith("the web identity token of AWS_WEB_IDENTITY_TOKEN_FILE was refused: ")
        .contains("Connection refused");
  }

  @Test
  void aProfileThatDoesNotExistIsAUsageErrorNamingIt() {
    String profile = "nosuch-" + UUID.randomUUID();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        AuditCommand.run(
            new String[] {"--profile", profile, "--bucket", "logs"},
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("audit: the AWS profile '" + profile + "' does not exist: neither ")
        .doesNotContain("no AWS credentials found");
  }

  @Test
  void aMissingPolicyFileSaysItDoesNotExist() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        AuditCommand.run(
            new String[] {"--policy", "no-such-policy.yaml"},
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("audit: the policy file no-such-policy.yaml does not exist (/")
        .doesNotContain("no-such-policy.yaml: no-such-policy.yaml");
  }

  @Test
  void progressFollowsStandardErrorNotTheConsole() {
    assertThat(StderrTerminal.isTerminalDevice("/dev/pts/3")).isTrue();
    assertThat(StderrTerminal.isTerminalDevice("/dev/tty1")).isTrue();
    assertThat(StderrTerminal.isTerminalDevice("/tmp/err.log")).isFalse();
    assertThat(StderrTerminal.isTerminalDevice("pipe:[1234]")).isFalse();
    assertThat(StderrTerminal.isTerminal(Map.of(StderrTerminal.OVERRIDE, "always"))).isTrue();
    assertThat(StderrTerminal.isTerminal(Map.of(StderrTerminal.OVERRIDE, "never"))).isFalse();
  }
}
