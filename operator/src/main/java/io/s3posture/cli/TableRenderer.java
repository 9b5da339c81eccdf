package io.s3posture.cli;

import io.s3posture.control.Severity;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Columns for people: one line per bucket and check with PASS, SUPPRESSED, FAIL or ERROR, then a
 * summary. With failures only, passing and suppressed checks are left out (the summary still counts
 * them).
 */
public final class TableRenderer implements ReportRenderer {

  private static final List<String> HEADER =
      List.of("BUCKET", "REGION", "CHECK", "SEVERITY", "RESULT", "DETAIL");

  private final boolean failuresOnly;

  public TableRenderer() {
    this(false);
  }

  public TableRenderer(boolean failuresOnly) {
    this.failuresOnly = failuresOnly;
  }

  @Override
  public void render(AuditReport report, Verdict verdict, PrintStream out) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(HEADER);
    report
        .account()
        .ifPresent(
            account ->
                account.results().stream()
                    .filter(this::shown)
                    .forEach(
                        result ->
                            rows.add(
                                row(
                                    "account " + account.accountId().orElse("(unknown)"),
                                    "-",
                                    result))));
    for (BucketReport bucket : report.buckets()) {
      String region = bucket.region().orElse("-");
      if (notCheckedAtAll(bucket)) {
        CheckResult first = bucket.checks().get(0);
        rows.add(
            List.of(
                bucket.bucket(),
                region,
                "(all " + bucket.checks().size() + " checks)",
                bucket.checks().stream()
                    .map(CheckResult::severity)
                    .max(Comparator.naturalOrder())
                    .orElseThrow()
                    .label(),
                first.status().name(),
                first.message()));
        continue;
      }
      for (CheckResult result : bucket.checks()) {
        if (shown(result)) {
          rows.add(row(bucket.bucket(), region, result));
        }
      }
    }
    if (rows.size() > 1) {
      print(rows, out);
      out.println();
    } else if (failuresOnly) {
      out.println("no failing checks");
      out.println();
    }
    report.error().ifPresent(error -> out.println("no bucket was checked: " + error.message()));
    summary(report, verdict, out);
  }

  private boolean shown(CheckResult result) {
    return !failuresOnly
        || result.status() == CheckStatus.FAIL
        || result.status() == CheckStatus.ERROR;
  }

  private static void print(List<List<String>> rows, PrintStream out) {
    int[] widths = new int[HEADER.size() - 1];
    for (List<String> row : rows) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        line.append(String.format(Locale.ROOT, "%-" + widths[i] + "s  ", row.get(i)));
      }
      out.println((line + row.get(widths.length)).stripTrailing());
    }
  }

  /** One line instead of one per check when every check failed to run for the same reason. */
  private static boolean notCheckedAtAll(BucketReport bucket) {
    return bucket.checks().size() > 1
        && bucket.checks().stream()
            .allMatch(
                r ->
                    r.status() == CheckStatus.ERROR
                        && r.message().equals(bucket.checks().get(0).message()));
  }

  private static List<String> row(String bucket, String region, CheckResult result) {
    String detail =
        result.status() == CheckStatus.SUPPRESSED
            ? result.suppression().orElseThrow().describe() + "; finding: " + result.message()
            : result.message();
    return List.of(
        bucket,
        region,
        result.check().id(),
        result.severity().label(),
        result.status().name(),
        detail);
  }

  private static void summary(AuditReport report, Verdict verdict, PrintStream out) {
    AuditSummary summary = AuditSummary.of(report, verdict.failOn());
    Map<CheckStatus, Integer> checks = summary.checksByStatus();
    out.printf(
        Locale.ROOT,
        "%d %s checked against the %s: %d checks, %d passed, %d failed, %d suppressed,"
            + " %d errors%s%n",
        summary.buckets(),
        summary.buckets() == 1 ? "bucket" : "buckets",
        report.posture(),
        summary.checks(),
        checks.get(CheckStatus.PASS),
        checks.get(CheckStatus.FAIL),
        checks.get(CheckStatus.SUPPRESSED),
        checks.get(CheckStatus.ERROR),
        checks.get(CheckStatus.UNVERIFIABLE) > 0
            ? ", "
                + checks.get(CheckStatus.UNVERIFIABLE)
                + " unverifiable on this endpoint (not failures)"
            : "");
    if (checks.get(CheckStatus.FAIL) > 0) {
      out.println(
          "failed checks by severity: "
              + summary.failuresBySeverity().entrySet().stream()
                  .filter(e -> e.getValue() > 0)
                  .sorted(Map.Entry.<Severity, Integer>comparingByKey().reversed())
                  .map(e -> e.getValue() + " " + e.getKey().label())
                  .collect(Collectors.joining(", ")));
    }
    Map<BucketStatus, Integer> buckets = summary.bucketsByStatus();
    out.printf(
        Locale.ROOT,
        "buckets: %d pass, %d warn (failures below fail-on %s only), %d fail, %d with errors%n",
        buckets.get(BucketStatus.PASS),
        buckets.get(BucketStatus.WARN),
        verdict.failOn().label(),
        buckets.get(BucketStatus.FAIL),
        buckets.get(BucketStatus.ERROR));
    out.printf(
        Locale.ROOT,
        "result: %s (fail-on %s, exit code %d)%n",
        verdict.result().toUpperCase(Locale.ROOT),
        verdict.failOn().label(),
        verdict.exitCode());
  }
}
