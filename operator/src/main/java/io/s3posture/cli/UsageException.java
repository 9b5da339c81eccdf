package io.s3posture.cli;

/** A command line the audit cannot run with; exit code 2. */
public final class UsageException extends RuntimeException {

  public UsageException(String message) {
    super(message);
  }
}
