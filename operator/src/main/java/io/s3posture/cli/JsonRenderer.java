package io.s3posture.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s3posture.control.AttackMapping;
import io.s3posture.control.FieldDrift;
import io.s3posture.control.Severity;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The JSON report, documented in docs/audit-json.md. Fields are only ever added within a schema
 * version; renaming or removing one, or changing what a value means, increments {@link
 * #SCHEMA_VERSION}. Version 2: a bucket's status is judged at the run's --fail-on (pass, warn,
 * fail, error) and checks can be suppressed.
 */
public final class JsonRenderer implements ReportRenderer {

  public static final int SCHEMA_VERSION = 2;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Override
  public void render(AuditReport report, Verdict verdict, PrintStream out) {
    out.println(pretty(document(report, verdict)));
  }

  static String pretty(ObjectNode document) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode document(AuditReport report, Verdict verdict) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    root.putObject("tool").put("name", AuditCommand.TOOL).put("version", AuditCommand.version());
    root.put("posture", report.posture());
    root.put("failOn", verdict.failOn().label());
    root.put("result", verdict.result());
    root.put("exitCode", verdict.exitCode());
    if (report.error().isPresent()) {
      root.putObject("error")
          .put("reason", report.error().get().reason().label())
          .put("message", report.error().get().message());
    } else {
      root.putNull("error");
    }
    ArrayNode checks = root.putArray("checks");
    for (AuditCheck check : report.checks()) {
      ObjectNode node =
          checks
              .addObject()
              .put("id", check.id())
              .put("title", check.title())
              .put("description", check.description())
              .put("severity", check.severity().label());
      ArrayNode frameworks = node.putArray("frameworks");
      check
          .frameworks()
          .forEach(f -> frameworks.addObject().put("framework", f.framework()).put("id", f.id()));
      ArrayNode attack = node.putArray("attack");
      check.attack().forEach(mapping -> attack(attack.addObject(), mapping));
    }
    if (report.account().isPresent()) {
      AccountReport account = report.account().get();
      ObjectNode node = root.putObject("account");
      node.put("accountId", account.accountId().orElse(null));
      result(node.putObject("check"), account.result());
      ArrayNode results = node.putArray("checks");
      account.results().forEach(result -> result(results.addObject(), result));
    } else {
      root.putNull("account");
    }
    ArrayNode buckets = root.putArray("buckets");
    for (BucketReport bucket : report.buckets()) {
      ObjectNode node = buckets.addObject();
      node.put("name", bucket.bucket());
      node.put("region", bucket.region().orElse(null));
      node.put("status", bucket.status(verdict.failOn()).label());
      ArrayNode results = node.putArray("checks");
      bucket.checks().forEach(result -> result(results.addObject(), result));
    }
    summary(root.putObject("summary"), AuditSummary.of(report, verdict.failOn()));
    return root;
  }

  /** An ATT&CK technique a check mitigates or detects, as JSON and SARIF show it. */
  static void attack(ObjectNode node, AttackMapping mapping) {
    node.put("id", mapping.technique().id())
        .put("name", mapping.technique().title())
        .put("relation", mapping.relation().label())
        .put("url", mapping.technique().url());
  }

  private static void result(ObjectNode node, CheckResult result) {
    node.put("id", result.check().id());
    node.put("severity", result.severity().label());
    node.put("status", result.status().label());
    node.put("reason", result.reason().label());
    node.put("message", result.message());
    ArrayNode drift = node.putArray("drift");
    for (FieldDrift field : result.drift()) {
      drift
          .addObject()
          .put("field", field.field())
          .put("expected", field.expected())
          .put("observed", field.observed());
    }
    if (result.suppression().isPresent()) {
      Suppression suppression = result.suppression().get();
      node.putObject("suppression")
          .put("reason", suppression.reason())
          .put("owner", suppression.owner())
          .put("expires", suppression.exemption().expires())
          .put("expired", suppression.expired());
    } else {
      node.putNull("suppression");
    }
  }

  private static void summary(ObjectNode node, AuditSummary summary) {
    ObjectNode buckets = node.putObject("buckets").put("total", summary.buckets());
    summary.bucketsByStatus().forEach((status, count) -> buckets.put(status.label(), count));
    ObjectNode checks = node.putObject("checks").put("total", summary.checks());
    counts(checks, summary.checksByStatus());
    ObjectNode failures = node.putObject("failuresBySeverity");
    for (Severity severity : Severity.values()) {
      failures.put(severity.label(), summary.failuresBySeverity().get(severity));
    }
  }

  private static void counts(ObjectNode node, Map<CheckStatus, Integer> byStatus) {
    for (CheckStatus status : CheckStatus.values()) {
      node.put(status.label(), byStatus.get(status));
    }
  }
}
