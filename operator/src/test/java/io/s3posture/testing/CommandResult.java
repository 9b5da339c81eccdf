package io.s3posture.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What a short-lived command printed and how it exited. */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {

  /** Runs {@code command} in {@code directory} and waits at most {@code timeoutSeconds}. */
  public static CommandResult run(Path directory, long timeoutSeconds, List<String> command) {
    return run(directory, Map.of(), timeoutSeconds, command);
  }

  /** As {@link #run(Path, long, List)}, with {@code env} added to the environment. */
  public static CommandResult run(
      Path directory, Map<String, String> env, long timeoutSeconds, List<String> command) {
    try {
      Path out = Files.createTempFile("cmd", ".out");
      Path err = Files.createTempFile("cmd", ".err");
      try {
        ProcessBuilder builder =
            new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s");
        }
        return new CommandResult(
            List.copyOf(command),
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** stdout, or an error with everything the command said when it failed. */
  public String successfulOutput() {
    if (exitCode != 0) {
      throw new AssertionError(
          String.join(" ", command) + " exited " + exitCode + ":\n" + stderr + "\n" + stdout);
    }
    return stdout;
  }
}
