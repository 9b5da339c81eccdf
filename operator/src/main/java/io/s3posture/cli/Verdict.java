package io.s3posture.cli;

import java.util.Optional;

/**
 * How the run ends.
 *
 * @param accessProblem why the audit could not reach AWS as asked (exit code 2)
 */
public record Verdict(FailOn failOn, int exitCode, Optional<String> accessProblem) {

  /** pass, fail or error, as reports name the exit code. */
  public String result() {
    return switch (exitCode) {
      case ExitCodePolicy.PASSED -> "pass";
      case ExitCodePolicy.FINDINGS -> "fail";
      default -> "error";
    };
  }
}
