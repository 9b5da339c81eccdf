package io.s3posture.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.TestStack;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The three output formats of one real audit: table, the documented JSON, SARIF 2.1.0. */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditOutputIT {

  private final String compliant = TestStack.uniqueBucketName("audit-out-good");
  private final String exposed = TestStack.uniqueBucketName("audit-out-bad");
  private String endpoint;

  @BeforeAll
  void buckets(TestStack stack) {
    BucketStates.compliant(stack.seeder(), compliant);
    BucketStates.exposed(stack.seeder(), exposed);
    endpoint = stack.moto().endpoint().toString();
  }

  private AuditRun audit(String output) {
    return AuditRun.inProcess(
        "--bucket", compliant, "--bucket", exposed, "--endpoint", endpoint, "--output", output);
  }

  @Test
  void jsonHasTheDocumentedStructure() {
    AuditRun run = audit("json");
    JsonNode report = run.json();

    AuditJsonStructure.assertValid(report);
    assertThat(report.path("posture").asText()).isEqualTo("recommended baseline");
    assertThat(report.path("failOn").asText()).isEqualTo("medium");
    assertThat(report.path("result").asText()).isEqualTo("fail");
    assertThat(report.path("exitCode").asInt()).isEqualTo(run.exitCode()).isEqualTo(1);
    assertThat(report.path("account").path("accountId").asText()).isEqualTo(TestStack.ACCOUNT_ID);
    assertThat(report.path("buckets").findValuesAsText("name")).contains(compliant, exposed);
    assertThat(report.path("summary").path("failuresBySeverity").path("critical").asInt())
        .as("public ACL and public policy of the exposed bucket")
        .isEqualTo(2);
    assertThat(run.stderr()).as("nothing but the report on stdout, no progress").isEmpty();
  }

  @Test
  void sarifHasTheRequiredStructureOfVersion210() {
    AuditRun run = audit("sarif");
    JsonNode sarif = run.json();

    assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
    assertThat(sarif.path("$schema").asText()).endsWith("sarif-2.1.0.json");
    assertThat(sarif.path("runs")).hasSize(1);
    JsonNode sarifRun = sarif.path("runs").get(0);
    JsonNode driver = sarifRun.path("tool").path("driver");
    assertThat(driver.path("name").asText()).isEqualTo("s3posture");
    List<String> ruleIds = AuditRenderersTest.ids(driver.path("rules"));
    assertThat(ruleIds)
        .doesNotHaveDuplicates()
        .contains(
            "accountPublicAccessBlock",
            "accountNoPublicAccessPoints",
            "publicAccessBlock",
            "noPublicAcl",
            "mfaDelete",
            "lifecycleRetention",
            "noExternalAccess")
        .hasSize(21);
    for (JsonNode rule : driver.path("rules")) {
      assertThat(rule.path("shortDescription").path("text").asText()).isNotBlank();
      assertThat(rule.path("defaultConfiguration").path("level").asText())
          .isIn("note", "warning", "error");
      assertThat(rule.path("properties").path("security-severity").asDouble()).isPositive();
    }
    JsonNode results = sarifRun.path("results");
    Set<String> located = new HashSet<>();
    for (JsonNode result : results) {
      String ruleId = result.path("ruleId").asText();
      assertThat(ruleIds).contains(ruleId);
      assertThat(ruleIds.get(result.path("ruleIndex").asInt())).isEqualTo(ruleId);
      // a check moto cannot show is for a person to review, not a failure
      boolean review = result.path("properties").path("status").asText().equals("unverifiable");
      assertThat(result.path("kind").asText()).isEqualTo(review ? "review" : "fail");
      assertThat(result.path("level").asText())
          .isIn(review ? List.of("none") : List.of("note", "warning", "error"));
      assertThat(result.path("message").path("text").asText()).isNotBlank();
      JsonNode logical = result.path("locations").get(0).path("logicalLocations").get(0);
      assertThat(logical.path("fullyQualifiedName").asText()).endsWith("/" + ruleId);
      located.add(logical.path("fullyQualifiedName").asText());
    }
    assertThat(located)
        .as(
            "every failing check of the exposed bucket, the unverifiable MFA delete of the compliant one")
        .contains(exposed + "/noPublicAcl", exposed + "/websiteDisabled", compliant + "/mfaDelete")
        .doesNotContain(compliant + "/publicAccessBlock");
    JsonNode critical =
        results.findParents("ruleId").stream()
            .filter(r -> r.path("ruleId").asText().equals("noPublicPolicy"))
            .findFirst()
            .orElseThrow();
    assertThat(critical.path("level").asText()).isEqualTo("error");
    assertThat(sarifRun.path("invocations").get(0).path("exitCode").asInt()).isEqualTo(1);
  }

  @Test
  void tableShowsPassOrFailPerBucketAndCheckThenASummary() {
    AuditRun run = audit("table");
    List<String> lines = List.of(run.stdout().split("\n"));

    assertThat(lines.get(0)).startsWith("BUCKET").contains("CHECK", "SEVERITY", "RESULT");
    List<String> rows = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith(compliant + " ") || line.startsWith(exposed + " ")) {
        rows.add(line.replaceAll(" +", " "));
      }
    }
    assertThat(rows).hasSize(30);
    assertThat(rows)
        .contains(
            compliant + " us-east-1 publicAccessBlock high PASS",
            compliant
                + " us-east-1 mfaDelete low UNVERIFIABLE cannot be verified on this endpoint:"
                + " stores other than AWS (moto, S3-compatible stores) do not report MFA delete;"
                + " read: mfaDelete: expected Enabled, found Disabled",
            compliant + " us-east-1 lifecycleRetention medium PASS")
        .anySatisfy(
            row -> assertThat(row).startsWith(exposed + " us-east-1 noPublicAcl critical FAIL"));
    assertThat(run.stdout())
        .contains("2 buckets checked against the recommended baseline")
        .contains("result: FAIL (fail-on medium, exit code 1)");
  }
}
