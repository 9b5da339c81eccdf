package io.s3posture.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuppressionsTest {

  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  @TempDir Path dir;

  private Suppressions load(String yaml) throws IOException {
    Path file = dir.resolve("suppressions.yaml");
    Files.writeString(file, yaml);
    return Suppressions.load(file);
  }

  private static final String FILE =
      """
      exemptions:
        - buckets: [alpha]
          controls: [noPublicAcl]
          reason: public dataset, reviewed by security
          owner: team-data
          expires: 2026-12-31T00:00:00Z
        - buckets: ["al*"]
          controls: [versioning]
          reason: scratch buckets
          owner: team-infra
          expires: 2026-01-01T00:00:00Z
      """;

  @Test
  void anActiveExemptionSuppressesTheFailureWithReasonOwnerAndExpiry() throws IOException {
    AuditReport report = load(FILE).apply(SampleReport.build(), NOW);

    CheckResult acl = report.buckets().get(0).checks().get(0);
    assertThat(acl.status()).isEqualTo(CheckStatus.SUPPRESSED);
    assertThat(acl.suppression().orElseThrow().describe())
        .isEqualTo(
            "suppressed until 2026-12-31T00:00:00Z (owner team-data): public dataset, reviewed"
                + " by security");
    assertThat(SampleReport.build().buckets().get(0).status(FailOn.MEDIUM))
        .isEqualTo(BucketStatus.FAIL);
    assertThat(report.buckets().get(0).status(FailOn.MEDIUM))
        .as("its only failure at or above medium is suppressed; mfaDelete (low) remains")
        .isEqualTo(BucketStatus.WARN);
  }

  @Test
  void anExpiredExemptionNoLongerSuppressesAndTheReportSaysSo() throws IOException {
    AuditReport report = load(FILE).apply(SampleReport.build(), NOW);

    CheckResult mfa = report.buckets().get(0).checks().get(2);
    assertThat(mfa.check()).isEqualTo(Checks.MFA_DELETE);
    assertThat(mfa.status()).isEqualTo(CheckStatus.FAIL);
    assertThat(mfa.suppression().orElseThrow().expired()).isTrue();
    assertThat(mfa.message())
        .endsWith("(suppression expired 2026-01-01T00:00:00Z (owner team-infra): scratch buckets)");
  }

  @Test
  void theJsonReportCarriesTheSuppressionInItsDocumentedShape() throws Exception {
    AuditReport report = load(FILE).apply(SampleReport.build(), NOW);
    Verdict verdict = new ExitCodePolicy(FailOn.MEDIUM).verdict(report);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new JsonRenderer().render(report, verdict, new PrintStream(out, true, StandardCharsets.UTF_8));
    var json = new ObjectMapper().readTree(out.toByteArray());

    AuditJsonStructure.assertValid(json);
    var acl = json.path("buckets").get(0).path("checks").get(0);
    assertThat(acl.path("status").asText()).isEqualTo("suppressed");
    assertThat(acl.path("suppression").toString())
        .isEqualTo(
            "{\"reason\":\"public dataset, reviewed by security\",\"owner\":\"team-data\","
                + "\"expires\":\"2026-12-31T00:00:00Z\",\"expired\":false}");
    assertThat(json.path("summary").path("checks").path("suppressed").asInt()).isEqualTo(1);
  }

  @Test
  void errorsAndOtherBucketsAreNeverSuppressed() throws IOException {
    AuditReport report =
        load(FILE.replace("buckets: [alpha]", "buckets: [\"*\"]")).apply(SampleReport.build(), NOW);

    assertThat(report.buckets().get(1).checks())
        .extracting(CheckResult::status)
        .containsOnly(CheckStatus.ERROR);
  }

  @Test
  void anInvalidFileNamesEachProblem() {
    assertThatThrownBy(
            () ->
                load(
                    """
                    exemptions:
                      - buckets: []
                        controls: [websiteDisable]
                        owner: ""
                        expires: next year
                    """))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("exemptions[0].buckets: Required value")
        .hasMessageContaining(
            "exemptions[0].controls: Unsupported value: \"websiteDisable\": supported values:")
        .hasMessageContaining("exemptions[0].reason: Required value")
        .hasMessageContaining("exemptions[0].owner: Required value")
        .hasMessageContaining("exemptions[0].expires: Invalid value: \"next year\"");
    assertThatThrownBy(() -> load("exemptions:\n  - bucket: [a]\n"))
        .hasMessageContaining("unknown field exemptions[0].bucket");
  }
}
