package io.s3posture;

import io.s3posture.cli.AuditCommand;
import io.s3posture.cli.AuditLogging;
import io.s3posture.cli.PlanCommand;
import io.s3posture.operator.OperatorCommand;
import java.util.Arrays;

/**
 * Entry point of the jar: {@code run} (the operator, default), {@code audit} and {@code plan}
 * (one-shot CLI commands).
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    String command = args.length == 0 ? "run" : args[0];
    String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    switch (command) {
      case "run" -> OperatorCommand.main(rest);
      case "audit" -> {
        AuditLogging.toStandardError();
        System.exit(AuditCommand.run(rest, System.out, System.err));
      }
      case "plan" -> {
        AuditLogging.toStandardError();
        System.exit(PlanCommand.run(rest, System.out, System.err));
      }
      case "-h", "--help", "help" -> usage(0);
      case "--version", "version" ->
          System.out.println(AuditCommand.TOOL + " " + AuditCommand.version());
      default -> {
        System.err.println("unknown command: " + command);
        usage(2);
      }
    }
  }

  private static void usage(int exitCode) {
    System.err.println(
        """
        usage: s3-posture-operator <command> [options]

        commands:
          run     run the operator (default): reconcile BucketPolicy and AccountPolicy resources
          audit   check buckets once against a posture, without Kubernetes (audit --help)
          plan    the writes a BucketPolicy would make, and the hash that approves them (plan --help)

        --version prints the version.
        """);
    System.exit(exitCode);
  }
}
