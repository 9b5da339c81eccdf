package io.s3posture.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * SARIF 2.1.0 for code-scanning UIs: one rule per check, one result per failing or unevaluated
 * check (passing checks are left out), located by logical locations naming the bucket and check.
 */
public final class SarifRenderer implements ReportRenderer {

  public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
  public static final String VERSION = "2.1.0";

  @Override
  public void render(AuditReport report, Verdict verdict, PrintStream out) {
    out.println(JsonRenderer.pretty(document(report, verdict)));
  }

  static ObjectNode document(AuditReport report, Verdict verdict) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("$schema", SCHEMA);
    root.put("version", VERSION);
    ObjectNode run = root.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", AuditCommand.TOOL);
    driver.put("version", AuditCommand.version());
    List<AuditCheck> checks = report.checks();
    ArrayNode rules = driver.putArray("rules");
    checks.forEach(check -> rule(rules.addObject(), check));
    ArrayNode results = run.putArray("results");
    report
        .account()
        .ifPresent(
            account ->
                result(
                    results,
                    checks,
                    account.result(),
                    "account " + account.accountId().orElse("(unknown)"),
                    "account/" + account.accountId().orElse("unknown"),
                    Optional.empty()));
    for (BucketReport bucket : report.buckets()) {
      for (CheckResult result : bucket.checks()) {
        result(
            results,
            checks,
            result,
            "bucket " + bucket.bucket(),
            bucket.bucket(),
            Optional.of(bucket));
      }
    }
    run.putArray("invocations")
        .addObject()
        .put("executionSuccessful", verdict.exitCode() != ExitCodePolicy.ERROR)
        .put("exitCode", verdict.exitCode());
    run.putObject("properties").put("posture", report.posture());
    return root;
  }

  private static void rule(ObjectNode rule, AuditCheck check) {
    rule.put("id", check.id());
    rule.put("name", Character.toUpperCase(check.id().charAt(0)) + check.id().substring(1));
    rule.putObject("shortDescription").put("text", check.title());
    rule.putObject("fullDescription").put("text", check.description());
    rule.putObject("defaultConfiguration").put("level", check.severity().sarifLevel());
    ObjectNode properties = rule.putObject("properties");
    properties.put("security-severity", check.severity().securitySeverity());
    properties.put("severity", check.severity().label());
    properties.putArray("tags").add("security").add("s3");
  }

  private static void result(
      ArrayNode results,
      List<AuditCheck> checks,
      CheckResult result,
      String subject,
      String resource,
      Optional<BucketReport> bucket) {
    if (result.status() == CheckStatus.PASS) {
      return;
    }
    AuditCheck check = result.check();
    ObjectNode node = results.addObject();
    node.put("ruleId", check.id());
    node.put("ruleIndex", checks.indexOf(check));
    node.put("kind", "fail");
    node.put("level", check.severity().sarifLevel());
    String text =
        result.status() == CheckStatus.ERROR
            ? subject + ": " + check.title() + " could not be checked: " + result.message()
            : subject + ": " + check.title() + " fails: " + result.message();
    node.putObject("message").put("text", text);
    node.putArray("locations")
        .addObject()
        .putArray("logicalLocations")
        .addObject()
        .put("name", check.id())
        .put("fullyQualifiedName", resource + "/" + check.id())
        .put("kind", "resource");
    node.putObject("partialFingerprints").put("s3postureCheck/v1", resource + "/" + check.id());
    ObjectNode properties = node.putObject("properties");
    properties.put("status", result.status().label());
    properties.put("reason", result.reason());
    properties.put("severity", check.severity().label());
    bucket.ifPresent(
        b -> properties.put("bucket", b.bucket()).put("region", b.region().orElse(null)));
  }
}
