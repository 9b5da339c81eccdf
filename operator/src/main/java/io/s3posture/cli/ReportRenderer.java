package io.s3posture.cli;

import java.io.PrintStream;
import java.util.Optional;

/** Prints a report in one output format. */
public interface ReportRenderer {

  void render(AuditReport report, Verdict verdict, PrintStream out);

  static ReportRenderer of(OutputFormat format) {
    return of(format, Optional.empty(), false);
  }

  /**
   * @param policy the --policy file, where SARIF results point to
   * @param failuresOnly the table leaves out passing and suppressed checks
   */
  static ReportRenderer of(OutputFormat format, Optional<PolicyFile> policy, boolean failuresOnly) {
    return switch (format) {
      case TABLE -> new TableRenderer(failuresOnly);
      case JSON -> new JsonRenderer();
      case SARIF -> new SarifRenderer(policy);
    };
  }
}
