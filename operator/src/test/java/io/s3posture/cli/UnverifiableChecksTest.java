package io.s3posture.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3posture.control.ControlName;
import io.s3posture.control.ControlOutcome;
import io.s3posture.control.Drift;
import io.s3posture.control.FieldDrift;
import io.s3posture.control.OutcomeReason;
import io.s3posture.control.OutcomeState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A check that needs what only AWS reports (the SSE-C block, MFA delete) fails on AWS, and is
 * unverifiable elsewhere: a distinct status in every output, never a failure of the run.
 */
class UnverifiableChecksTest {

  private static final AuditCheck BLOCK_SSE_C = Checks.byId("blockSseC");

  private static ControlOutcome drifted(String control, FieldDrift field) {
    return new ControlOutcome(
        ControlName.of(control),
        OutcomeState.DRIFTED,
        Drift.of(field),
        OutcomeReason.AuditMode,
        Optional.empty(),
        "reported only",
        false);
  }

  private static final ControlOutcome SSE_C_ALLOWED =
      drifted(
          "blockSseC", FieldDrift.put("blockedEncryptionTypes", "SSE-C", "none (SSE-C allowed)"));

  @Test
  void onAwsAMissingBlockFails() {
    CheckResult result = BLOCK_SSE_C.judge(SSE_C_ALLOWED, true);

    assertThat(result.status()).isEqualTo(CheckStatus.FAIL);
    assertThat(result.failsAt(FailOn.MEDIUM)).isTrue();
  }

  @Test
  void elsewhereItIsUnverifiableSaysWhyAndFailsNothing() {
    CheckResult result = BLOCK_SSE_C.judge(SSE_C_ALLOWED, false);

    assertThat(result.status()).isEqualTo(CheckStatus.UNVERIFIABLE);
    assertThat(result.reason()).isEqualTo(CheckReason.UNVERIFIABLE);
    assertThat(result.message())
        .startsWith("cannot be verified on this endpoint: stores other than AWS")
        .contains("BlockedEncryptionTypes")
        .endsWith("; read: blockedEncryptionTypes: expected SSE-C, found none (SSE-C allowed)");
    assertThat(result.drift()).hasSize(1);
    for (FailOn failOn : FailOn.values()) {
      assertThat(result.failsAt(failOn)).as("fail-on %s", failOn).isFalse();
    }
  }

  @Test
  void mfaDeleteIsUnverifiableOffAwsButVersioningIsNot() {
    ControlOutcome suspended =
        new ControlOutcome(
            ControlName.of("versioning"),
            OutcomeState.DRIFTED,
            Drift.of(
                FieldDrift.put("status", "Enabled", "Suspended"),
                FieldDrift.notRemediable("mfaDelete", "Enabled", "Disabled")),
            OutcomeReason.AuditMode,
            Optional.empty(),
            "reported only",
            false);

    assertThat(Checks.VERSIONING.judge(suspended, false).status()).isEqualTo(CheckStatus.FAIL);
    assertThat(Checks.MFA_DELETE.judge(suspended, false).status())
        .isEqualTo(CheckStatus.UNVERIFIABLE);
    assertThat(Checks.MFA_DELETE.judge(suspended, true).status()).isEqualTo(CheckStatus.FAIL);
  }

  @Test
  void checksAnyStoreCanShowFailEverywhere() {
    ControlOutcome website =
        drifted("websiteDisabled", FieldDrift.delete("website", "Disabled", "Enabled"));

    assertThat(Checks.WEBSITE_DISABLED.judge(website, false).status()).isEqualTo(CheckStatus.FAIL);
  }

  @Test
  void aPassStaysAPassAndAnErrorAnErrorOffAws() {
    ControlOutcome compliant = ControlOutcome.compliant(ControlName.of("blockSseC"));

    assertThat(BLOCK_SSE_C.judge(compliant, false).status()).isEqualTo(CheckStatus.PASS);
  }

  private static AuditReport report() {
    return new AuditReport(
        "recommended baseline",
        List.of(BLOCK_SSE_C, Checks.WEBSITE_DISABLED),
        Optional.empty(),
        List.of(
            new BucketReport(
                "moto-bucket",
                Optional.of("us-east-1"),
                List.of(
                    BLOCK_SSE_C.judge(SSE_C_ALLOWED, false),
                    CheckResult.pass(Checks.WEBSITE_DISABLED)))));
  }

  @Test
  void theRunPassesAndEveryOutputShowsTheStatus() throws Exception {
    AuditReport report = report();
    Verdict verdict = new ExitCodePolicy(FailOn.LOW).verdict(report);

    assertThat(verdict.exitCode()).isEqualTo(ExitCodePolicy.PASSED);
    assertThat(report.buckets().get(0).status(FailOn.LOW)).isEqualTo(BucketStatus.PASS);

    JsonNode json = new ObjectMapper().readTree(render(new JsonRenderer(), report, verdict));
    AuditJsonStructure.assertValid(json);
    JsonNode result = json.path("buckets").get(0).path("checks").get(0);
    assertThat(result.path("status").asText()).isEqualTo("unverifiable");
    assertThat(json.path("summary").path("checks").path("unverifiable").asInt()).isEqualTo(1);
    assertThat(json.path("summary").path("checks").path("fail").asInt()).isZero();

    JsonNode sarif = new ObjectMapper().readTree(render(new SarifRenderer(), report, verdict));
    JsonNode sarifResult = sarif.path("runs").get(0).path("results").get(0);
    assertThat(sarifResult.path("kind").asText()).isEqualTo("review");
    assertThat(sarifResult.path("level").asText()).isEqualTo("none");
    assertThat(sarifResult.path("properties").path("status").asText()).isEqualTo("unverifiable");
    assertThat(sarifResult.path("message").path("text").asText())
        .startsWith("bucket moto-bucket: Uploads with customer-provided keys (SSE-C) blocked")
        .contains("cannot be verified on this endpoint");

    String table = render(new TableRenderer(false), report, verdict);
    assertThat(table)
        .contains("blockSseC        medium    UNVERIFIABLE  cannot be verified on this endpoint")
        .contains(
            "1 bucket checked against the recommended baseline: 2 checks, 1 passed, 0 failed, 0"
                + " suppressed, 0 errors, 1 unverifiable on this endpoint (not failures)")
        .contains("result: PASS");
  }

  private static String render(ReportRenderer renderer, AuditReport report, Verdict verdict) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    renderer.render(report, verdict, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
