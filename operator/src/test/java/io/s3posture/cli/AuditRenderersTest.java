package io.s3posture.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditRenderersTest {

  private static String render(OutputFormat format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ReportRenderer.of(format)
        .render(
            SampleReport.build(),
            SampleReport.verdict(),
            new PrintStream(out, true, StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The "id" of each element (not of nested objects such as framework mappings). */
  static List<String> ids(JsonNode array) {
    List<String> ids = new ArrayList<>();
    array.forEach(element -> ids.add(element.path("id").asText()));
    return ids;
  }

  private static JsonNode parse(String json) throws Exception {
    return new ObjectMapper().readTree(json);
  }

  @Test
  void jsonFollowsTheDocumentedStructureWithTheCounts() throws Exception {
    JsonNode report = parse(render(OutputFormat.JSON));

    AuditJsonStructure.assertValid(report);
    assertThat(report.path("result").asText()).isEqualTo("fail");
    assertThat(report.path("exitCode").asInt()).isEqualTo(1);
    assertThat(report.path("failOn").asText()).isEqualTo("medium");
    assertThat(report.path("account").path("accountId").asText()).isEqualTo("123456789012");
    assertThat(ids(report.path("checks")))
        .containsExactly("accountPublicAccessBlock", "noPublicAcl", "versioning", "mfaDelete");
    assertThat(report.path("checks").get(3).path("frameworks").toString())
        .isEqualTo(
            "[{\"framework\":\"CIS AWS Foundations Benchmark v3.0.0\",\"id\":\"2.1.2\"},"
                + "{\"framework\":\"AWS Security Hub\",\"id\":\"S3.20\"}]");
    assertThat(report.path("error").isNull()).isTrue();
    JsonNode alpha = report.path("buckets").get(0);
    assertThat(alpha.path("status").asText()).isEqualTo("fail");
    JsonNode acl = alpha.path("checks").get(0);
    assertThat(acl.path("severity").asText()).isEqualTo("critical");
    assertThat(acl.path("reason").asText()).isEqualTo("Drifted");
    assertThat(acl.path("drift").get(0).path("observed").asText()).endsWith("AllUsers:READ");
    JsonNode beta = report.path("buckets").get(1);
    assertThat(beta.path("region").isNull()).isTrue();
    assertThat(beta.path("status").asText()).isEqualTo("error");
    JsonNode summary = report.path("summary");
    assertThat(summary.path("buckets").toString())
        .isEqualTo("{\"total\":2,\"pass\":0,\"warn\":0,\"fail\":1,\"error\":1}");
    assertThat(summary.path("checks").toString())
        .isEqualTo(
            "{\"total\":7,\"pass\":2,\"suppressed\":0,\"unverifiable\":0,\"fail\":2,\"error\":3}");
    assertThat(summary.path("failuresBySeverity").toString())
        .isEqualTo("{\"low\":1,\"medium\":0,\"high\":0,\"critical\":1}");
  }

  @Test
  void sarifHasOneRulePerCheckAndAResultPerFailingOrUncheckedCheck() throws Exception {
    JsonNode sarif = parse(render(OutputFormat.SARIF));

    assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
    assertThat(sarif.path("$schema").asText()).isEqualTo(SarifRenderer.SCHEMA);
    JsonNode run = sarif.path("runs").get(0);
    assertThat(ids(run.path("tool").path("driver").path("rules")))
        .containsExactly("accountPublicAccessBlock", "noPublicAcl", "versioning", "mfaDelete");
    JsonNode results = run.path("results");
    assertThat(results).hasSize(5);
    JsonNode acl = results.get(0);
    assertThat(acl.path("ruleId").asText()).isEqualTo("noPublicAcl");
    assertThat(acl.path("ruleIndex").asInt()).isEqualTo(1);
    assertThat(acl.path("kind").asText()).isEqualTo("fail");
    assertThat(acl.path("level").asText()).isEqualTo("error");
    assertThat(acl.path("message").path("text").asText())
        .startsWith("bucket alpha: No bucket ACL grant to everyone fails: publicGrants");
    JsonNode location = acl.path("locations").get(0).path("logicalLocations").get(0);
    assertThat(location.path("name").asText()).isEqualTo("noPublicAcl");
    assertThat(location.path("fullyQualifiedName").asText()).isEqualTo("alpha/noPublicAcl");
    JsonNode physical = acl.path("locations").get(0).path("physicalLocation");
    assertThat(physical.path("artifactLocation").path("uri").asText()).isEqualTo("s3/alpha");
    assertThat(physical.path("region").path("startLine").asInt()).isEqualTo(1);
    assertThat(run.path("tool").path("driver").path("rules").get(3).path("properties").path("tags"))
        .extracting(JsonNode::asText)
        .contains("CIS-2.1.2", "AWS-S3.20");
    assertThat(results.get(1).path("level").asText()).as("mfaDelete is low").isEqualTo("note");
    JsonNode unchecked = results.get(2);
    assertThat(unchecked.path("properties").path("status").asText()).isEqualTo("error");
    assertThat(unchecked.path("message").path("text").asText()).contains("could not be checked");
    assertThat(run.path("invocations").get(0).path("executionSuccessful").asBoolean()).isTrue();
  }

  @Test
  void tableHasARowPerCheckAndASummary() {
    List<String> lines = List.of(render(OutputFormat.TABLE).split("\n"));

    assertThat(lines.get(0))
        .isEqualTo(
            "BUCKET                REGION     CHECK                     SEVERITY  RESULT  DETAIL");
    assertThat(lines.get(1))
        .isEqualTo("account 123456789012  -          accountPublicAccessBlock  high      PASS");
    assertThat(lines.get(2))
        .isEqualTo(
            "alpha                 us-east-1  noPublicAcl               critical  FAIL    "
                + "publicGrants: expected none, found"
                + " http://acs.amazonaws.com/groups/global/AllUsers:READ");
    assertThat(lines.get(5))
        .as("one line for a bucket none of whose checks could run")
        .isEqualTo(
            "beta                  -          (all 3 checks)            critical  ERROR   no such"
                + " bucket");
    assertThat(lines.subList(lines.size() - 4, lines.size()))
        .containsExactly(
            "2 buckets checked against the recommended baseline: 7 checks, 2 passed, 2 failed, 0"
                + " suppressed, 3 errors",
            "failed checks by severity: 1 critical, 1 low",
            "buckets: 0 pass, 0 warn (failures below fail-on medium only), 1 fail, 1 with errors",
            "result: FAIL (fail-on medium, exit code 1)");
  }

  @Test
  void failuresOnlyLeavesOutPassingChecksButCountsThem() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new TableRenderer(true)
        .render(
            SampleReport.build(),
            SampleReport.verdict(),
            new PrintStream(out, true, StandardCharsets.UTF_8));
    String table = out.toString(StandardCharsets.UTF_8);

    assertThat(table).doesNotContain("PASS ").doesNotContain("accountPublicAccessBlock");
    assertThat(table).contains("noPublicAcl", "mfaDelete", "(all 3 checks)");
    assertThat(table).contains("7 checks, 2 passed, 2 failed");
  }
}
