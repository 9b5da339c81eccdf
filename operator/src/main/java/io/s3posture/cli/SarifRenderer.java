package io.s3posture.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s3posture.control.AttackMapping;
import io.s3posture.control.FrameworkMapping;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * SARIF 2.1.0 for code-scanning UIs (GitHub code scanning's subset): one rule per check, with its
 * framework mappings; one result per failing, unevaluated or suppressed check (passing checks are
 * left out). Every result has a physical location, which GitHub requires: with --policy the policy
 * file and the line of the control in it; otherwise a stable repository-relative path naming the
 * bucket ({@code s3/<bucket>}, or {@code s3-account/<account id>}), without a URI scheme, which
 * upload-sarif refuses for anything but files. Suppressed results carry SARIF suppressions with the
 * justification; a run that could not check anything says why in its invocation.
 */
public final class SarifRenderer implements ReportRenderer {

  public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
  public static final String VERSION = "2.1.0";

  private final Optional<PolicyFile> policy;

  public SarifRenderer() {
    this(Optional.empty());
  }

  public SarifRenderer(Optional<PolicyFile> policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  @Override
  public void render(AuditReport report, Verdict verdict, PrintStream out) {
    out.println(JsonRenderer.pretty(document(report, verdict)));
  }

  ObjectNode document(AuditReport report, Verdict verdict) {
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
                account
                    .results()
                    .forEach(
                        result ->
                            result(
                                results,
                                checks,
                                result,
                                "account " + account.accountId().orElse("(unknown)"),
                                "account/" + account.accountId().orElse("unknown"),
                                "s3-account/" + account.accountId().orElse("unknown"),
                                Optional.empty())));
    for (BucketReport bucket : report.buckets()) {
      for (CheckResult result : bucket.checks()) {
        result(
            results,
            checks,
            result,
            "bucket " + bucket.bucket(),
            bucket.bucket(),
            "s3/" + bucket.bucket(),
            Optional.of(bucket));
      }
    }
    ObjectNode invocation = run.putArray("invocations").addObject();
    invocation
        .put("executionSuccessful", verdict.exitCode() != ExitCodePolicy.ERROR)
        .put("exitCode", verdict.exitCode());
    report
        .error()
        .ifPresent(
            error -> {
              invocation.put("exitCodeDescription", error.message());
              ObjectNode notification =
                  invocation.putArray("toolExecutionNotifications").addObject();
              notification.put("level", "error");
              notification.putObject("message").put("text", error.message());
              notification.putObject("descriptor").put("id", error.reason().label());
            });
    run.putObject("properties").put("posture", report.posture());
    return root;
  }

  private static void rule(ObjectNode rule, AuditCheck check) {
    rule.put("id", check.id());
    rule.put("name", Character.toUpperCase(check.id().charAt(0)) + check.id().substring(1));
    rule.putObject("shortDescription").put("text", check.title());
    rule.putObject("fullDescription").put("text", check.description());
    rule.putObject("help")
        .put("text", CheckHelp.text(check))
        .put("markdown", CheckHelp.markdown(check));
    CheckHelp.helpUri(check).ifPresent(uri -> rule.put("helpUri", uri));
    rule.putObject("defaultConfiguration").put("level", check.severity().sarifLevel());
    ObjectNode properties = rule.putObject("properties");
    properties.put("security-severity", check.severity().securitySeverity());
    properties.put("severity", check.severity().label());
    ArrayNode tags = properties.putArray("tags").add("security").add("s3");
    ArrayNode frameworks = properties.putArray("frameworks");
    for (FrameworkMapping mapping : check.frameworks()) {
      tags.add(mapping.tag());
      frameworks.addObject().put("framework", mapping.framework()).put("id", mapping.id());
    }
    ArrayNode attack = properties.putArray("attack");
    for (AttackMapping mapping : check.attack()) {
      tags.add(mapping.tag());
      JsonRenderer.attack(attack.addObject(), mapping);
    }
  }

  private void result(
      ArrayNode results,
      List<AuditCheck> checks,
      CheckResult result,
      String subject,
      String resource,
      String path,
      Optional<BucketReport> bucket) {
    if (result.status() == CheckStatus.PASS) {
      return;
    }
    AuditCheck check = result.check();
    ObjectNode node = results.addObject();
    node.put("ruleId", check.id());
    node.put("ruleIndex", checks.indexOf(check));
    boolean unverifiable = result.status() == CheckStatus.UNVERIFIABLE;
    // SARIF: a result that is not a failure has kind review (a person must look) and level none
    node.put("kind", unverifiable ? "review" : "fail");
    node.put("level", unverifiable ? "none" : check.severity().sarifLevel());
    String text =
        switch (result.status()) {
          case ERROR ->
              subject + ": " + check.title() + " could not be checked: " + result.message();
          case UNVERIFIABLE -> subject + ": " + check.title() + " " + result.message();
          default -> subject + ": " + check.title() + " fails: " + result.message();
        };
    node.putObject("message").put("text", text);
    ObjectNode location = node.putArray("locations").addObject();
    physicalLocation(location.putObject("physicalLocation"), check, path);
    location
        .putArray("logicalLocations")
        .addObject()
        .put("name", check.id())
        .put("fullyQualifiedName", resource + "/" + check.id())
        .put("kind", "resource");
    node.putObject("partialFingerprints").put("s3postureCheck/v1", resource + "/" + check.id());
    if (result.status() == CheckStatus.SUPPRESSED) {
      Suppression suppression = result.suppression().orElseThrow();
      node.putArray("suppressions")
          .addObject()
          .put("kind", "external")
          .put("status", "accepted")
          .put(
              "justification",
              suppression.reason()
                  + " (owner "
                  + suppression.owner()
                  + ", until "
                  + suppression.exemption().expires()
                  + ")");
    }
    ObjectNode properties = node.putObject("properties");
    properties.put("status", result.status().label());
    properties.put("reason", result.reason().label());
    properties.put("severity", check.severity().label());
    bucket.ifPresent(
        b -> properties.put("bucket", b.bucket()).put("region", b.region().orElse(null)));
    result
        .suppression()
        .filter(Suppression::expired)
        .ifPresent(s -> properties.put("suppressionExpired", s.exemption().expires()));
  }

  /** The policy file and the control's line in it, else the bucket's stable path. */
  private void physicalLocation(ObjectNode physical, AuditCheck check, String path) {
    if (policy.isPresent()) {
      PolicyFile file = policy.get();
      physical.putObject("artifactLocation").put("uri", uri(file.path()));
      int line = check.control().map(c -> file.lineOf(c.specName())).orElse(1);
      physical.putObject("region").put("startLine", line);
    } else {
      physical.putObject("artifactLocation").put("uri", path);
      physical.putObject("region").put("startLine", 1);
    }
  }

  /** Relative to the working directory (the repository root in CI) when inside it. */
  static String uri(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    Path cwd = Path.of("").toAbsolutePath().normalize();
    if (absolute.startsWith(cwd)) {
      return cwd.relativize(absolute).toString().replace('\\', '/');
    }
    return absolute.toUri().toString();
  }
}
