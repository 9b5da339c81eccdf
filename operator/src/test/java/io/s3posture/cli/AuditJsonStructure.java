package io.s3posture.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Asserts that a JSON report has exactly the structure docs/audit-json.md documents. */
final class AuditJsonStructure {

  private static final Set<String> SEVERITIES = Set.of("low", "medium", "high", "critical");
  private static final Set<String> RESULTS = Set.of("pass", "fail", "error");
  private static final Set<String> BUCKET_STATUSES = Set.of("pass", "warn", "fail", "error");
  private static final Set<String> CHECK_STATUSES =
      Set.of("pass", "suppressed", "unverifiable", "fail", "error");
  private static final Set<String> ATTACK_RELATIONS = Set.of("mitigates", "detects");

  private AuditJsonStructure() {}

  static void assertValid(JsonNode report) {
    assertFields(
        report,
        "report",
        "schemaVersion",
        "tool",
        "posture",
        "failOn",
        "result",
        "exitCode",
        "error",
        "checks",
        "account",
        "buckets",
        "summary");
    assertThat(report.path("schemaVersion").asInt()).isEqualTo(2);
    assertFields(report.path("tool"), "tool", "name", "version");
    assertThat(report.path("posture").isTextual()).isTrue();
    assertThat(report.path("failOn").asText()).isIn("low", "medium", "high", "critical", "none");
    assertThat(report.path("result").asText()).isIn(RESULTS);
    assertThat(report.path("exitCode").asInt()).isBetween(0, 2);
    if (!report.path("error").isNull()) {
      assertFields(report.path("error"), "error", "reason", "message");
      assertThat(report.path("exitCode").asInt()).isEqualTo(2);
    }
    for (JsonNode check : report.path("checks")) {
      assertFields(
          check, "checks[]", "id", "title", "description", "severity", "frameworks", "attack");
      assertThat(check.path("severity").asText()).isIn(SEVERITIES);
      for (JsonNode framework : check.path("frameworks")) {
        assertFields(framework, "frameworks[]", "framework", "id");
      }
      assertThat(check.path("attack")).as("checks[].attack of %s", check.path("id")).isNotEmpty();
      for (JsonNode technique : check.path("attack")) {
        assertFields(technique, "attack[]", "id", "name", "relation", "url");
        assertThat(technique.path("id").asText()).matches("T[0-9]{4}(\\.[0-9]{3})?");
        assertThat(technique.path("relation").asText()).isIn(ATTACK_RELATIONS);
        assertThat(technique.path("url").asText())
            .startsWith("https://attack.mitre.org/techniques/T");
      }
    }
    JsonNode account = report.path("account");
    if (!account.isNull()) {
      assertFields(account, "account", "accountId", "check", "checks");
      assertThat(account.path("accountId").isTextual() || account.path("accountId").isNull())
          .isTrue();
      assertResult(account.path("check"));
      assertThat(account.path("checks").isArray()).as("account.checks").isTrue();
      assertThat(account.path("checks").get(0))
          .as("account.check is the first of account.checks")
          .isEqualTo(account.path("check"));
      account.path("checks").forEach(AuditJsonStructure::assertResult);
    }
    assertThat(report.path("buckets").isArray()).isTrue();
    for (JsonNode bucket : report.path("buckets")) {
      assertFields(bucket, "buckets[]", "name", "region", "status", "checks");
      assertThat(bucket.path("region").isTextual() || bucket.path("region").isNull()).isTrue();
      assertThat(bucket.path("status").asText()).isIn(BUCKET_STATUSES);
      bucket.path("checks").forEach(AuditJsonStructure::assertResult);
    }
    JsonNode summary = report.path("summary");
    assertFields(summary, "summary", "buckets", "checks", "failuresBySeverity");
    assertFields(
        summary.path("buckets"), "summary.buckets", "total", "pass", "warn", "fail", "error");
    assertFields(
        summary.path("checks"),
        "summary.checks",
        "total",
        "pass",
        "suppressed",
        "unverifiable",
        "fail",
        "error");
    assertFields(
        summary.path("failuresBySeverity"),
        "summary.failuresBySeverity",
        "low",
        "medium",
        "high",
        "critical");
    assertThat(summary.path("buckets").path("total").asInt())
        .isEqualTo(report.path("buckets").size());
  }

  private static void assertResult(JsonNode result) {
    assertFields(
        result,
        "check result",
        "id",
        "severity",
        "status",
        "reason",
        "message",
        "drift",
        "suppression");
    assertThat(result.path("severity").asText()).isIn(SEVERITIES);
    assertThat(result.path("status").asText()).isIn(CHECK_STATUSES);
    if (!result.path("suppression").isNull()) {
      assertFields(
          result.path("suppression"), "suppression", "reason", "owner", "expires", "expired");
    }
    if (result.path("status").asText().equals("suppressed")) {
      assertThat(result.path("suppression").path("expired").asBoolean()).isFalse();
    }
    for (JsonNode field : result.path("drift")) {
      assertFields(field, "drift[]", "field", "expected", "observed");
    }
    if (result.path("status").asText().equals("unverifiable")) {
      assertThat(result.path("reason").asText()).isEqualTo("Unverifiable");
      assertThat(result.path("drift")).isNotEmpty();
    }
    if (result.path("status").asText().equals("fail")) {
      assertThat(result.path("drift")).isNotEmpty();
    }
  }

  private static void assertFields(JsonNode node, String what, String... names) {
    assertThat(node.isObject()).as(what + " is an object").isTrue();
    assertThat(toList(node.fieldNames())).as(what + " fields").containsExactly(names);
  }

  private static List<String> toList(Iterator<String> names) {
    List<String> list = new ArrayList<>();
    names.forEachRemaining(list::add);
    return list;
  }
}
