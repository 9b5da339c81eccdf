package io.s3posture;

import io.s3posture.cli.AuditCommand;
import io.s3posture.cli.AuditLogging;
import io.s3posture.cli.PlanCommand;
import io.s3posture.operator.OperatorCommand;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * Entry point of the jar: {@code run} (the operator, default), {@code audit} and {@code plan}
 * (one-shot CLI commands).
 */
public final class Main {

  /** What {@code --help} prints: on stdout, as asked for; on stderr after an unknown command. */
  static final String USAGE =
      """
      usage: s3posture <command> [options]
             (java -jar s3-posture-operator.jar <command> [options] where bin/s3posture is not)

      commands:
        run     run the operator (default): reconcile BucketPolicy and AccountPolicy resources
        audit   check buckets once against a posture, without Kubernetes (audit --help)
        plan    the writes a BucketPolicy would make, and the hash that approves them (plan --help)

      --version prints the version.
      """;

  private Main() {}

  public static void main(String[] args) {
    if (args.length == 0 || args[0].equals("run")) {
      OperatorCommand.main(args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args[0].equals("audit") || args[0].equals("plan")) {
      AuditLogging.toStandardError();
    }
    System.exit(command(args, System.out, System.err));
  }

  /** Every command but {@code run}; returns the exit code. */
  static int command(String[] args, PrintStream out, PrintStream err) {
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "audit" -> {
        return AuditCommand.run(rest, out, err);
      }
      case "plan" -> {
        return PlanCommand.run(rest, out, err);
      }
      case "-h", "--help", "help" -> {
        out.print(USAGE);
        return 0;
      }
      case "--version", "version" -> {
        out.println(AuditCommand.TOOL + " " + AuditCommand.version());
        return 0;
      }
      default -> {
        err.println("unknown command: " + args[0]);
        err.print(USAGE);
        return 2;
      }
    }
  }
}
