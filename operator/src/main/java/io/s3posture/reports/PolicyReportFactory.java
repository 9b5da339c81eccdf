package io.s3posture.reports;

import io.s3posture.api.v1alpha1.FindingState;
import io.s3posture.control.ControlName;
import io.s3posture.fleet.LedgerEntry;
import io.s3posture.fleet.PolicyLedger;
import io.s3posture.status.FindingsList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Folds a BucketPolicy's ledger into its Report: one result per governed bucket and managed control
 * (buckets not checked yet have none), the summary over all of them, and at most {@code maxResults}
 * results listed, worst first (errors, then failures by severity, then exemptions, then passes), so
 * that a Report stays far below the API server's object size limit at any fleet size. Pure: reads
 * the ledger, never AWS.
 */
public final class PolicyReportFactory {

  /** About 1 KiB a result at most: a Report stays under half a megabyte. */
  public static final int MAX_RESULTS = 500;

  static final String CATEGORY = "S3 bucket posture";
  static final int MAX_MESSAGE = 512;

  private static final Comparator<Finding> WORST_FIRST =
      Comparator.comparing(Finding::status)
          .thenComparing(Finding::severityRank)
          .thenComparing(Finding::bucket)
          .thenComparing(f -> f.entry().control());

  private final int maxResults;

  public PolicyReportFactory(int maxResults) {
    if (maxResults < 1) {
      throw new IllegalArgumentException("maxResults must be positive, got " + maxResults);
    }
    this.maxResults = maxResults;
  }

  public static PolicyReportFactory standard() {
    return new PolicyReportFactory(MAX_RESULTS);
  }

  /** A control of a bucket that does not pass (a reference into the ledger, built lazily). */
  private record Finding(String bucket, LedgerEntry entry, ResultStatus status, int severityRank) {}

  /**
   * The Report of {@code policy}; empty until its first sweep completed (or its ledger was restored
   * after a restart), so that a new policy's Report is not rewritten bucket by bucket.
   */
  public Optional<ReportContent> build(
      ReportContent.Scope policy, PolicyLedger ledger, Collection<ControlName> controls) {
    if (ledger.lastSweepCompleted().isEmpty() && !ledger.counts().restored()) {
      return Optional.empty();
    }
    SortedSet<ControlName> managed = new TreeSet<>(controls);
    Map<String, Optional<PolicyLedger.SubjectRecord>> buckets = ledger.buckets();
    Map<ResultStatus, Integer> counts = new EnumMap<>(ResultStatus.class);
    List<Finding> findings = new ArrayList<>();
    for (Map.Entry<String, Optional<PolicyLedger.SubjectRecord>> bucket : buckets.entrySet()) {
      if (bucket.getValue().isEmpty()) {
        continue; // not checked yet: no result
      }
      Map<ControlName, LedgerEntry> notCompliant = bucket.getValue().get().notCompliant();
      for (ControlName control : managed) {
        LedgerEntry entry = notCompliant.get(control);
        ResultStatus status = entry == null ? ResultStatus.PASS : ResultStatus.of(entry.state());
        counts.merge(status, 1, Integer::sum);
        if (entry != null && status != ResultStatus.PASS) {
          findings.add(new Finding(bucket.getKey(), entry, status, severityRank(control)));
        }
      }
    }
    findings.sort(WORST_FIRST);
    List<ReportResult> results = new ArrayList<>();
    String policyName = policy.namespace() + "/" + policy.name();
    for (Finding finding : findings.subList(0, Math.min(maxResults, findings.size()))) {
      results.add(notPassing(policy, policyName, finding));
    }
    passes:
    for (Map.Entry<String, Optional<PolicyLedger.SubjectRecord>> bucket : buckets.entrySet()) {
      if (bucket.getValue().isEmpty()) {
        continue;
      }
      for (ControlName control : managed) {
        if (results.size() >= maxResults) {
          break passes;
        }
        if (!bucket.getValue().get().notCompliant().containsKey(control)) {
          results.add(pass(policy, policyName, bucket.getKey(), control));
        }
      }
    }
    ReportSummary summary = ReportSummary.of(counts);
    return Optional.of(
        new ReportContent(
            ReportNames.reportName(policy.name()),
            policy.namespace(),
            labels(policy),
            policy,
            summary,
            results,
            maxResults,
            summary.total() - results.size()));
  }

  static Map<String, String> labels(ReportContent.Scope policy) {
    return Map.of(
        "app.kubernetes.io/managed-by",
        PolicyReports.SOURCE,
        PolicyReports.REPORT_OF_LABEL,
        ReportNames.labelValue(policy.name()));
  }

  private static ReportResult notPassing(
      ReportContent.Scope policy, String policyName, Finding finding) {
    LedgerEntry entry = finding.entry();
    ControlName control = entry.control();
    Map<String, String> properties = new TreeMap<>();
    properties.put("bucket", finding.bucket());
    properties.put(
        "state", FindingsList.toState(entry.state()).map(FindingState::name).orElse("Compliant"));
    properties.put("reason", entry.reason());
    properties.put("resultID", resultId(policy, finding.bucket(), control, finding.status()));
    ControlAudit.attack(control).ifPresent(ids -> properties.put("attack", ids));
    return new ReportResult(
        policyName,
        control.specName(),
        CATEGORY,
        ControlAudit.severity(control).orElse(null),
        finding.status(),
        cut(message(entry)),
        ReportResult.Timestamp.of(entry.since()),
        List.of(ReportResult.Subject.bucket(finding.bucket())),
        properties);
  }

  private static ReportResult pass(
      ReportContent.Scope policy, String policyName, String bucket, ControlName control) {
    return new ReportResult(
        policyName,
        control.specName(),
        CATEGORY,
        ControlAudit.severity(control).orElse(null),
        ResultStatus.PASS,
        cut(ControlAudit.title(control)),
        null,
        List.of(ReportResult.Subject.bucket(bucket)),
        passProperties(policy, bucket, control));
  }

  private static Map<String, String> passProperties(
      ReportContent.Scope policy, String bucket, ControlName control) {
    Map<String, String> properties = new TreeMap<>();
    properties.put("bucket", bucket);
    properties.put("state", "Compliant");
    properties.put("reason", "Compliant");
    properties.put("resultID", resultId(policy, bucket, control, ResultStatus.PASS));
    ControlAudit.attack(control).ifPresent(ids -> properties.put("attack", ids));
    return properties;
  }

  /**
   * What is wrong and what the operator did, e.g. "Versioning enabled: expected Enabled, found
   * Suspended; reported only (Audit mode)".
   */
  static String message(LedgerEntry entry) {
    StringBuilder text = new StringBuilder(ControlAudit.title(entry.control()));
    boolean read =
        !entry.expected().isEmpty()
            && !entry.expected().equals("(not read)")
            && !entry.observed().isEmpty();
    if (read) {
      text.append(": expected ")
          .append(entry.expected())
          .append(", found ")
          .append(entry.observed());
    }
    if (!entry.message().isEmpty()) {
      text.append(read ? "; " : ": ").append(entry.message());
    }
    return text.toString();
  }

  /**
   * The result's id for Policy Reporter (its {@code resultID} property), which otherwise derives
   * one from the scope, policy, rule, result, category and message but not the resource: results of
   * two buckets with the same message would be taken for one. It changes with the outcome, so a new
   * failure is a new result.
   */
  static String resultId(
      ReportContent.Scope policy, String bucket, ControlName control, ResultStatus status) {
    return ReportNames.hash(
        policy.uid() + "/" + bucket + "/" + control.specName() + "/" + status.label(), 16);
  }

  private static int severityRank(ControlName control) {
    return switch (ControlAudit.severity(control).orElse("")) {
      case "critical" -> 0;
      case "high" -> 1;
      case "medium" -> 2;
      case "low" -> 3;
      default -> 4;
    };
  }

  private static String cut(String text) {
    return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE - 3) + "...";
  }
}
