package io.s3posture.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3posture.aws.FailureKind;
import io.s3posture.control.ControlCatalog;
import io.s3posture.docs.DocumentedCommands;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Every SARIF rule carries help that code scanning shows next to an alert: the check's row of
 * docs/audit.md (bundled into the jar by the build), so docs and reports say the same; a check
 * without a row, or a row whose severity is not the check's, fails here.
 */
class SarifHelpTest {

  private static final List<AuditCheck> CHECKS = AuditCheck.all(ControlCatalog.standard());

  @Test
  void everyCheckHasARowInDocsAuditMdWithItsSeverity() throws IOException {
    String docs = Files.readString(DocumentedCommands.REPOSITORY.resolve("docs/audit.md"));
    Map<String, String> rows = CheckHelp.parse(docs);
    for (AuditCheck check : CHECKS) {
      assertThat(rows).as("docs/audit.md has a row for %s", check.id()).containsKey(check.id());
      assertThat(docs)
          .as("docs/audit.md gives %s its severity", check.id())
          .containsPattern(
              "\\| `" + check.id() + "` \\| [^\\n]*\\| " + check.severity().label() + " \\|");
    }
    assertThat(CheckHelp.documented())
        .as("the jar's copy of docs/audit.md is today's")
        .containsExactlyInAnyOrderElementsOf(rows.keySet());
  }

  @Test
  void everyRuleHasHelpFromTheDocsAndAnAbsoluteHelpUriWhereAwsDocumentsTheControl() {
    AuditReport report =
        AuditReport.failed(
            "every check",
            CHECKS,
            new AuditReport.RunError(CheckReason.failed(FailureKind.NETWORK), "not run"));
    JsonNode sarif = new SarifRenderer().document(report, verdict(report));

    JsonNode rules = sarif.at("/runs/0/tool/driver/rules");
    assertThat(rules).hasSize(CHECKS.size());
    for (JsonNode rule : rules) {
      String id = rule.path("id").asText();
      String passesWhen = CheckHelp.passesWhen(id).orElseThrow();
      assertThat(rule.at("/help/markdown").asText()).as(id).contains(passesWhen);
      assertThat(rule.at("/help/text").asText()).as(id).isNotBlank().doesNotContain("`");
      boolean securityHub =
          StreamSupport.stream(rule.at("/properties/frameworks").spliterator(), false)
              .anyMatch(f -> f.path("framework").asText().equals("AWS Security Hub"));
      if (securityHub) {
        assertThat(rule.path("helpUri").asText())
            .as(id)
            .startsWith("https://docs.aws.amazon.com/securityhub/latest/userguide/");
      }
    }
    assertThat(rules.findValuesAsText("helpUri"))
        .contains("https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-8");
    SarifSchemaTest.assertValidForGitHub(sarif);
  }

  private static Verdict verdict(AuditReport report) {
    return new ExitCodePolicy(FailOn.MEDIUM).verdict(report);
  }
}
