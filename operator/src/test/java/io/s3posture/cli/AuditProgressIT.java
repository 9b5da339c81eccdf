package io.s3posture.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.TestStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress goes to stderr exactly when stderr is a terminal, whatever stdout is. The jar runs under
 * util-linux's {@code script}, which gives it a pseudo-terminal, with one stream redirected to a
 * file at a time.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditProgressIT {

  private final String bucket = TestStack.uniqueBucketName("audit-progress");
  private String endpoint;
  @TempDir Path dir;

  @BeforeAll
  void bucket(TestStack stack) {
    stack.s3().createBucket(r -> r.bucket(bucket));
    endpoint = stack.moto().endpoint().toString();
  }

  /** Runs {@code java -jar … audit} with a terminal, and the shell redirection {@code redirect}. */
  private String onATerminal(String redirect) throws IOException, InterruptedException {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script is needed");
    Path jar = Path.of("target", "s3-posture-operator.jar").toAbsolutePath();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String command =
        String.join(
                " ",
                java,
                "-jar",
                jar.toString(),
                "audit",
                "--bucket",
                bucket,
                "--endpoint",
                endpoint,
                "--output",
                "json")
            + " "
            + redirect;
    Path typescript = dir.resolve("typescript");
    ProcessBuilder builder =
        new ProcessBuilder(List.of("/usr/bin/script", "-qec", command, typescript.toString()))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("AWS_ACCESS_KEY_ID", "test");
    builder.environment().put("AWS_SECRET_ACCESS_KEY", "test");
    builder.environment().put("AWS_REGION", "us-east-1");
    builder.environment().remove(StderrTerminal.OVERRIDE);
    Process process = builder.start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return Files.readString(typescript);
  }

  @Test
  void stdoutToAFileStillShowsProgressOnTheTerminal() throws Exception {
    Path report = dir.resolve("report.json");

    String terminal = onATerminal("> " + report);

    assertThat(terminal).contains("checked 1/1 buckets");
    assertThat(Files.readString(report)).startsWith("{").doesNotContain("checked");
  }

  @Test
  void stderrToAFileGetsNoProgressFrames() throws Exception {
    Path errors = dir.resolve("err.log");

    String terminal = onATerminal("2> " + errors);

    assertThat(terminal).contains("\"schemaVersion\"");
    assertThat(Files.readString(errors)).doesNotContain("checked").doesNotContain("\r");
  }
}
