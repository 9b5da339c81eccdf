package io.s3posture.cli;

import java.io.PrintStream;

/** The {@code audit} command. Placeholder until the audit issue lands. */
public final class AuditCommand {

  private AuditCommand() {}

  /** Runs the command; returns the process exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    err.println("audit: not implemented yet");
    return 2;
  }
}
