package io.s3posture.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.docs.ConsoleSession.Step;
import io.s3posture.localstack.MotoServer;
import io.s3posture.testing.CommandResult;
import io.s3posture.testing.OperatorJar;
import io.s3posture.testing.ToolBinary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * docs/audit.md's terminal sessions are what the product prints: they are run as written, by one
 * bash from the top of the page, in a directory with the repository's {@code bin/}, against a moto
 * of its own seeded as the page says ({@code hack/demo_buckets.py ENDPOINT seed}, so bucket names
 * and states are the page's), and every output must match the page line by line ({@code ...} elides
 * lines). The page's endpoint {@code http://127.0.0.1:5000} becomes this moto's; a {@code cat FILE}
 * step writes the file the page shows, so the commands after it read it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditSessionsIT {

  private static final Path PAGE = DocumentedCommands.REPOSITORY.resolve("docs/audit.md");
  private static final String DOCUMENTED_ENDPOINT = "http://127.0.0.1:5000";
  private static final String STEP = "@@step@@";

  private MotoServer moto;

  @BeforeAll
  void seedTheDemoBuckets() {
    moto = MotoServer.start(Path.of("target", "moto-audit-sessions").toAbsolutePath());
    CommandResult seeded =
        CommandResult.run(
            DocumentedCommands.REPOSITORY,
            120,
            List.of(
                ToolBinary.require("moto_python").toString(),
                "hack/demo_buckets.py",
                moto.endpoint().toString(),
                "seed"));
    seeded.successfulOutput();
  }

  @AfterAll
  void stopMoto() {
    if (moto != null) {
      moto.close();
    }
  }

  @Test
  void everySessionOfThePagePrintsWhatThePageShows() throws Exception {
    List<ConsoleSession> sessions = ConsoleSession.in(PAGE);
    assertThat(sessions).as("console sessions in %s", PAGE).hasSizeGreaterThanOrEqualTo(3);
    List<Step> steps = sessions.stream().flatMap(s -> s.steps().stream()).toList();
    List<List<String>> outputs = run(steps);
    SoftAssertions softly = new SoftAssertions();
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      softly
          .assertThat(ConsoleSession.matches(step.output(), outputs.get(i)))
          .as(
              "docs/audit.md:%d `%s` printed (docs show what the product prints):%n%s%n%n"
                  + "the page shows:%n%s",
              step.line(),
              step.command(),
              String.join("\n", outputs.get(i)),
              String.join("\n", step.output()))
          .isTrue();
    }
    softly.assertAll();
  }

  /**
   * Runs the commands in one bash, as a reader runs them in one terminal from the top of the page
   * (so {@code export} and {@code $?} carry over), stdout and stderr together as a terminal shows
   * them; the output of each step.
   */
  private List<List<String>> run(List<Step> steps) throws IOException, InterruptedException {
    Path directory = Files.createTempDirectory(Path.of("target"), "audit-session").toAbsolutePath();
    Files.createSymbolicLink(
        directory.resolve("bin"), DocumentedCommands.REPOSITORY.resolve("bin"));
    StringBuilder script = new StringBuilder("exec 2>&1\n");
    for (Step step : steps) {
      if (step.showsFile()) {
        Files.write(directory.resolve(step.shownFile()), step.output(), StandardCharsets.UTF_8);
      }
      script
          .append(step.command().replace(DOCUMENTED_ENDPOINT, moto.endpoint().toString()))
          .append("\n__rc=$?; echo ")
          .append(STEP)
          .append("; (exit $__rc)\n");
    }
    ProcessBuilder bash =
        new ProcessBuilder("bash", "-c", script.toString())
            .directory(directory.toFile())
            .redirectErrorStream(true);
    Map<String, String> env = bash.environment();
    env.clear();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("HOME", directory.toString());
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    // the launcher runs this build's jar and does not rebuild it (its build message is not output)
    env.put("S3POSTURE_JAR", OperatorJar.require().toString());
    Process process = bash.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(300, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(PAGE + " did not finish in 300 s:\n" + output);
    }
    List<List<String>> outputs = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (String line : output.lines().toList()) {
      if (line.equals(STEP)) {
        outputs.add(List.copyOf(current));
        current.clear();
      } else {
        current.add(line);
      }
    }
    assertThat(outputs).as("one output per step:%n%s", output).hasSize(steps.size());
    return outputs;
  }
}
