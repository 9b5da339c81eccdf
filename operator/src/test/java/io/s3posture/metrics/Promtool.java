package io.s3posture.metrics;

import io.s3posture.localstack.StackTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Prometheus' promtool from the tool cache ({@code make tools}). {@code make unit} runs on machines
 * without the cache: there a test that needs promtool is skipped with a message saying how to run
 * it. {@code make test} builds the tools first and sets {@value #REQUIRE_TOOLS}, so a missing
 * promtool fails instead of being skipped.
 */
final class Promtool {

  /** System property: a missing promtool is a failure, not a skip. */
  static final String REQUIRE_TOOLS = "s3posture.requireTools";

  private Promtool() {}

  /** Runs promtool; its output, or an AssertionError with the output when it fails. */
  static String run(String... args) throws IOException, InterruptedException {
    return runWithInput(null, args);
  }

  /**
   * {@code promtool check metrics} on a scrape in the text format: passes only when promtool finds
   * nothing to complain about (it exits 3 on lint problems: missing help, names against the
   * conventions), else an AssertionError that lists the problems.
   */
  static void checkMetrics(String exposition) throws IOException, InterruptedException {
    String output = runWithInput(exposition, "check", "metrics");
    if (!output.isBlank()) {
      throw new AssertionError("promtool check metrics printed:\n" + output);
    }
  }

  private static String runWithInput(String stdin, String... args)
      throws IOException, InterruptedException {
    Path promtool = StackTools.defaultBinDir().resolve("promtool");
    if (!Files.isExecutable(promtool)) {
      String message =
          "promtool not found at "
              + promtool
              + ": run `make tools` (it builds promtool from the Go module proxy) or set "
              + StackTools.TOOLS_BIN_ENV;
      if (Boolean.getBoolean(REQUIRE_TOOLS)) {
        throw new AssertionError(message);
      }
      System.err.println("SKIPPED (promtool check): " + message);
      Assumptions.abort(message);
    }
    List<String> command = new ArrayList<>(List.of(promtool.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (var in = process.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("promtool did not finish within 60s: " + command);
    }
    if (process.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
    }
    return output;
  }
}
