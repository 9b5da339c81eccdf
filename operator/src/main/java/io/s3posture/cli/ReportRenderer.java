package io.s3posture.cli;

import java.io.PrintStream;

/** Prints a report in one output format. */
public interface ReportRenderer {

  void render(AuditReport report, Verdict verdict, PrintStream out);

  static ReportRenderer of(OutputFormat format) {
    return switch (format) {
      case TABLE -> new TableRenderer();
      case JSON -> new JsonRenderer();
      case SARIF -> new SarifRenderer();
    };
  }
}
