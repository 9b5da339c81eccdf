package io.s3posture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The jar's front door: help where it was asked for, under the tool's name. */
class MainTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.command(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void helpGoesToStandardOutputUnderTheToolsName() {
    assertThat(run("--help")).isZero();

    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("usage: s3posture <command>")
        .contains("audit", "plan", "run");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void anUnknownCommandIsAnErrorOnStandardError() {
    assertThat(run("audti")).isEqualTo(2);

    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("unknown command: audti")
        .contains("usage: s3posture");
  }

  @Test
  void versionNamesTheTool() {
    assertThat(run("--version")).isZero();

    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("s3posture ");
  }
}
