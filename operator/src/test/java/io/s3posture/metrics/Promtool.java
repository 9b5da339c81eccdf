package io.s3posture.metrics;

import io.s3posture.localstack.StackTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Prometheus' promtool from the tool cache ({@code make tools}). */
final class Promtool {

  private Promtool() {}

  /** Runs promtool; its output, or an AssertionError with the output when it fails. */
  static String run(String... args) throws IOException, InterruptedException {
    Path promtool = StackTools.defaultBinDir().resolve("promtool");
    if (!Files.isExecutable(promtool)) {
      throw new AssertionError(
          "promtool not found at "
              + promtool
              + ": run `make tools` (it builds promtool from the Go module proxy) or set "
              + StackTools.TOOLS_BIN_ENV);
    }
    List<String> command = new ArrayList<>(List.of(promtool.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
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
