package io.s3posture.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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

    String message = CredentialsMessage.forPeople("CredentialsError", sdk);

    assertThat(message).doesNotContain("\n").hasSizeLessThan(400);
    assertThat(message).contains("AWS_ACCESS_KEY_ID", "AWS_PROFILE", "--profile", "--role-arn");
    assertThat(CheckResult.error(Checks.VERSIONING, "CredentialsError", sdk).message())
        .isEqualTo(message);
    assertThat(CredentialsMessage.forPeople("AccessDenied", sdk)).isEqualTo(sdk);
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
