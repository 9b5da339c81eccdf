package io.s3posture.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Whether standard error is a terminal: progress is shown there, whatever standard output is
 * (System.console() asks about standard input and output instead, so {@code audit --all >
 * report.txt} showed no progress and {@code 2> err.log} filled the log with frames).
 * S3POSTURE_PROGRESS=always|never overrides the detection.
 */
final class StderrTerminal {

  static final String OVERRIDE = "S3POSTURE_PROGRESS";

  private StderrTerminal() {}

  static boolean isTerminal(Map<String, String> env) {
    String override = env.getOrDefault(OVERRIDE, "");
    if (override.equals("always")) {
      return true;
    }
    if (override.equals("never")) {
      return false;
    }
    return linuxFd().orElseGet(StderrTerminal::testT2);
  }

  /** On Linux, where /proc/self/fd/2 points: a terminal device or something else. */
  private static Optional<Boolean> linuxFd() {
    Path fd = Path.of("/proc/self/fd/2");
    try {
      if (!Files.isSymbolicLink(fd)) {
        return Optional.empty();
      }
      return Optional.of(isTerminalDevice(Files.readSymbolicLink(fd).toString()));
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return Optional.empty();
    }
  }

  static boolean isTerminalDevice(String target) {
    return target.startsWith("/dev/pts/")
        || target.startsWith("/dev/tty")
        || target.startsWith("/dev/console");
  }

  /** Elsewhere (macOS): {@code test -t 2} in a child that shares our standard error. */
  private static boolean testT2() {
    try {
      Process test =
          new ProcessBuilder("sh", "-c", "test -t 2")
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return test.waitFor(2, TimeUnit.SECONDS) && test.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
