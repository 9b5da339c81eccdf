package io.s3posture.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.s3posture.api.v1alpha1.Exemption;
import io.s3posture.aws.FailureKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SARIF the audit prints is valid SARIF 2.1.0 (the OASIS schema, stored as a test resource from
 * oasis-tcs/sarif-spec sarif-2.1/schema/sarif-schema-2.1.0.json) and meets what GitHub code
 * scanning requires of an upload: every result has a physical location with an artifact URI that is
 * a path (no URI scheme but file) and a start line.
 */
class SarifSchemaTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchema SCHEMA = load();

  @TempDir static Path dir;

  private static JsonSchema load() {
    try (InputStream in =
        SarifSchemaTest.class.getResourceAsStream("/sarif/sarif-schema-2.1.0.json")) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode render(AuditReport report, Verdict verdict, Optional<PolicyFile> policy)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new SarifRenderer(policy)
        .render(report, verdict, new PrintStream(out, true, StandardCharsets.UTF_8));
    return JSON.readTree(out.toString(StandardCharsets.UTF_8));
  }

  static void assertValidForGitHub(JsonNode sarif) {
    Set<ValidationMessage> errors = SCHEMA.validate(sarif);
    assertThat(errors).as("SARIF 2.1.0 schema violations").isEmpty();
    for (JsonNode result : sarif.path("runs").get(0).path("results")) {
      JsonNode physical = result.path("locations").path(0).path("physicalLocation");
      String uri = physical.path("artifactLocation").path("uri").asText();
      assertThat(uri).as("artifactLocation.uri of %s", result).isNotBlank();
      assertThat(uri.contains("://") && !uri.startsWith("file://"))
          .as("GitHub accepts only file locations: %s", uri)
          .isFalse();
      assertThat(physical.path("region").path("startLine").asInt()).isPositive();
    }
  }

  @Test
  void aBaselineReportIsValidAndEveryResultPointsAtItsBucket() throws IOException {
    JsonNode sarif = render(SampleReport.build(), SampleReport.verdict(), Optional.empty());

    assertValidForGitHub(sarif);
    assertThat(sarif.path("runs").get(0).path("results")).hasSize(5);
    assertThat(sarif.findValuesAsText("uri")).containsOnly("s3/alpha", "s3/beta");
  }

  @Test
  void withAPolicyEveryResultPointsAtTheControlsLineInTheFile() throws IOException {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(
        file,
        """
        apiVersion: s3posture.io/v1alpha1
        kind: BucketPolicy
        metadata: {name: p}
        spec:
          buckets: {names: [alpha]}
          aws: {region: us-east-1}
          controls:
            versioning: {mfaDelete: Required}
            noPublicAcl: {}
        """);
    PolicyFile policy = PolicyFile.load(file);

    JsonNode sarif = render(SampleReport.build(), SampleReport.verdict(), Optional.of(policy));

    assertValidForGitHub(sarif);
    JsonNode results = sarif.path("runs").get(0).path("results");
    JsonNode acl = results.get(0).path("locations").get(0).path("physicalLocation");
    assertThat(acl.path("artifactLocation").path("uri").asText()).endsWith("policy.yaml");
    assertThat(acl.path("region").path("startLine").asInt()).as("noPublicAcl").isEqualTo(9);
    JsonNode mfa = results.get(1).path("locations").get(0).path("physicalLocation");
    assertThat(mfa.path("region").path("startLine").asInt()).as("versioning").isEqualTo(8);
  }

  @Test
  void aSuppressedResultCarriesItsJustification() throws IOException {
    Suppressions suppressions =
        new Suppressions(
            List.of(
                new Exemption(
                    List.of("alp*"),
                    List.of("noPublicAcl"),
                    "public dataset, reviewed",
                    "team-data",
                    "2999-01-01T00:00:00Z")));
    AuditReport report = suppressions.apply(SampleReport.build(), Instant.now());

    JsonNode sarif =
        render(report, new ExitCodePolicy(FailOn.MEDIUM).verdict(report), Optional.empty());

    assertValidForGitHub(sarif);
    JsonNode acl = sarif.path("runs").get(0).path("results").get(0);
    assertThat(acl.path("suppressions").get(0).path("kind").asText()).isEqualTo("external");
    assertThat(acl.path("suppressions").get(0).path("justification").asText())
        .contains("public dataset, reviewed", "team-data", "2999-01-01T00:00:00Z");
  }

  @Test
  void aRunThatCouldNotListTheBucketsIsAValidReportSayingSo() throws IOException {
    AuditReport report =
        AuditReport.failed(
            RecommendedBaseline.NAME,
            List.of(Checks.NO_PUBLIC_ACL),
            new AuditReport.RunError(
                CheckReason.failed(FailureKind.ACCESS_DENIED),
                "cannot list the buckets: AccessDenied"));

    JsonNode sarif =
        render(report, new ExitCodePolicy(FailOn.MEDIUM).verdict(report), Optional.empty());

    assertValidForGitHub(sarif);
    JsonNode invocation = sarif.path("runs").get(0).path("invocations").get(0);
    assertThat(invocation.path("executionSuccessful").asBoolean()).isFalse();
    assertThat(invocation.path("exitCode").asInt()).isEqualTo(ExitCodePolicy.ERROR);
    assertThat(
            invocation
                .path("toolExecutionNotifications")
                .get(0)
                .path("message")
                .path("text")
                .asText())
        .isEqualTo("cannot list the buckets: AccessDenied");
  }
}
