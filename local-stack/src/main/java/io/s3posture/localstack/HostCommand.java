package io.s3posture.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A short command on the host (ip, iptables, umoci, skopeo, ...): what it printed and how it ended.
 * {@link #check} turns a failure into an exception carrying the output.
 */
public record HostCommand(List<String> command, int exitCode, String output) {

  public static HostCommand run(List<String> command) {
    return run(command, Map.of(), 300);
  }

  public static HostCommand run(
      List<String> command, Map<String, String> env, long timeoutSeconds) {
    try {
      Path out = Files.createTempFile("host-command", ".out");
      try {
        ProcessBuilder builder =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
          return new HostCommand(
              List.copyOf(command), -1, "timed out after " + timeoutSeconds + " s");
        }
        return new HostCommand(
            List.copyOf(command),
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + command, e);
    }
  }

  /** Runs {@code command} and returns its output, or fails with everything it said. */
  public static String check(String... command) {
    return run(List.of(command)).orFail();
  }

  /** Runs {@code command}, ignoring the outcome (clean-up of what may not exist). */
  public static HostCommand quietly(String... command) {
    return run(List.of(command), Map.of(), 60);
  }

  public boolean ok() {
    return exitCode == 0;
  }

  public String orFail() {
    if (exitCode != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " exited " + exitCode + ":\n" + output.strip());
    }
    return output;
  }
}
