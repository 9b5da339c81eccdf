package io.s3posture.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.TestStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Every check of the recommended baseline, passing and failing, against moto. */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditBaselineIT {

  private final String compliant = TestStack.uniqueBucketName("audit-good");
  private final String exposed = TestStack.uniqueBucketName("audit-bad");
  private final String missing = TestStack.uniqueBucketName("audit-missing");
  private final String rekeyed = TestStack.uniqueBucketName("audit-rekeyed");
  private AuditRun run;

  @BeforeAll
  void auditBothBuckets(TestStack stack) throws IOException {
    BucketStates.compliant(stack.seeder(), compliant);
    BucketStates.exposed(stack.seeder(), exposed);
    stack
        .seeder()
        .create(rekeyed)
        .encryption(rekeyed, "aws:kms", "arn:aws:kms:us-east-1:666666666666:key/attacker-key");
    run =
        AuditRun.inProcess(
            "--bucket", compliant,
            "--bucket", exposed,
            "--bucket", rekeyed,
            "--bucket", missing,
            "--endpoint", stack.moto().endpoint().toString(),
            "--output", "json");
  }

  @Test
  void aCompliantBucketPassesEveryCheckMotoCanPass() {
    assertThat(run.statuses(compliant))
        .containsExactly(
            entry("noPublicAcl", "pass"),
            entry("aclsDisabled", "pass"),
            entry("publicAccessBlock", "pass"),
            entry("encryption", "pass"),
            // moto never reports the SSE-C block nor MFA delete: unverifiable off AWS
            // (BlockSseCWireTest and the unit tests prove both against AWS's answers)
            entry("blockSseC", "unverifiable"),
            entry("versioning", "pass"),
            entry("mfaDelete", "unverifiable"),
            entry("objectLock", "pass"),
            entry("replication", "pass"),
            entry("lifecycleRetention", "pass"),
            entry("tlsOnly", "pass"),
            entry("noPublicPolicy", "pass"),
            entry("noExternalAccess", "pass"),
            entry("accessLogging", "pass"),
            entry("websiteDisabled", "pass"));
    assertThat(run.bucket(compliant).path("region").asText()).isEqualTo(TestStack.REGION);
    assertThat(run.bucket(compliant).path("status").asText())
        .as("what moto cannot show is no failure")
        .isEqualTo("pass");
    assertThat(run.check(compliant, "blockSseC").path("message").asText())
        .startsWith("cannot be verified on this endpoint: stores other than AWS");
    assertThat(run.check(compliant, "encryption").path("message").asText())
        .as("a pass names the key in use")
        .isEqualTo("aws:kms with KMS key " + BucketStates.KMS_KEY);
  }

  @TempDir static Path dir;

  @Test
  void aGrantToAnotherAccountFailsTheBaselineNamingItUntilASuppressionAcceptsThePartner(
      TestStack stack) throws IOException {
    String shared = TestStack.uniqueBucketName("audit-shared");
    BucketStates.compliant(stack.seeder(), shared);
    stack
        .seeder()
        .policy(
            shared,
            """
            {"Version":"2012-10-17","Statement":[{"Sid":"Partner","Effect":"Allow",\
            "Principal":{"AWS":"arn:aws:iam::999999999999:root"},"Action":"s3:*",\
            "Resource":["arn:aws:s3:::%1$s","arn:aws:s3:::%1$s/*"]},\
            {"Sid":"DenyPlainHttp","Effect":"Deny","Principal":"*","Action":"s3:*",\
            "Resource":["arn:aws:s3:::%1$s","arn:aws:s3:::%1$s/*"],\
            "Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"""
                .formatted(shared));
    String[] args = {
      "--bucket", shared, "--endpoint", stack.moto().endpoint().toString(), "--output", "json"
    };

    AuditRun run = AuditRun.inProcess(args);

    assertThat(run.statuses(shared)).containsEntry("noExternalAccess", "fail");
    assertThat(run.check(shared, "noExternalAccess").path("message").asText())
        .isEqualTo(
            "statement[Partner]: expected access only for accounts "
                + TestStack.ACCOUNT_ID
                + ", found Allow \"s3:*\" to arn:aws:iam::999999999999:root (account"
                + " 999999999999)");
    assertThat(run.check(shared, "noExternalAccess").path("severity").asText()).isEqualTo("high");
    assertThat(run.bucket(shared).path("status").asText()).isEqualTo("fail");

    Path partner = dir.resolve("partner.yaml");
    Files.writeString(
        partner,
        """
        exemptions:
          - buckets: [%s]
            controls: [noExternalAccess]
            reason: shared with the auditors' account 999999999999 (contract AUD-7)
            owner: team-data
            expires: 2999-01-01T00:00:00Z
        """
            .formatted(shared));
    AuditRun accepted =
        AuditRun.inProcess(AuditRun.concat(args, "--suppressions", partner.toString()));

    assertThat(accepted.statuses(shared)).containsEntry("noExternalAccess", "suppressed");
    assertThat(accepted.bucket(shared).path("status").asText())
        .as("(the account's own checks depend on moto's account, not judged here)")
        .isEqualTo("pass");
  }

  @Test
  void aKmsKeyOfAnotherAccountFailsTheBaselineWithoutAPolicy() {
    assertThat(run.statuses(rekeyed)).containsEntry("encryption", "fail");
    assertThat(run.check(rekeyed, "encryption").path("message").asText())
        .contains("with a KMS key of the bucket owner's account " + TestStack.ACCOUNT_ID)
        .contains("found aws:kms with key arn:aws:kms:us-east-1:666666666666:key/attacker-key");
  }

  @Test
  void anExposedBucketFailsEveryCheckMotoCanShow() {
    assertThat(run.statuses(exposed))
        .containsOnlyKeys(run.statuses(compliant).keySet())
        .allSatisfy(
            (check, status) ->
                assertThat(status)
                    .as(check)
                    .isEqualTo(
                        check.equals("blockSseC") || check.equals("mfaDelete")
                            ? "unverifiable"
                            : "fail"));
    assertThat(run.bucket(exposed).path("status").asText()).isEqualTo("fail");
  }

  @Test
  void failuresSayWhatIsExpectedAndWhatWasFound() {
    var checks = run.bucket(exposed).path("checks");
    assertThat(checks.findValuesAsText("message"))
        .anySatisfy(m -> assertThat(m).contains("publicGrants: expected none"))
        .anySatisfy(m -> assertThat(m).contains("algorithm: expected AES256 or aws:kms"))
        .anySatisfy(m -> assertThat(m).contains("found AES512"))
        .anySatisfy(m -> assertThat(m).contains("Allow \"s3:GetObject\" to *"))
        .anySatisfy(m -> assertThat(m).contains("website: expected Disabled, found Enabled"))
        .anySatisfy(m -> assertThat(m).contains("target: expected any target bucket"))
        .anySatisfy(
            m ->
                assertThat(m)
                    .contains(
                        "rule[expire-1].expiration: expected current versions kept at least 7"
                            + " days, found current versions of the whole bucket expire after 1"
                            + " day(s)"))
        .anySatisfy(
            m ->
                assertThat(m)
                    .contains(
                        "statement[PublicRead]: expected access only for accounts "
                            + TestStack.ACCOUNT_ID));
  }

  @Test
  void aMissingBucketIsReportedAsErrorsWithoutStoppingTheOthers() {
    assertThat(run.statuses(missing))
        .isNotEmpty()
        .containsValue("error")
        .doesNotContainValue("pass");
    assertThat(run.bucket(missing).path("checks").findValuesAsText("reason"))
        .containsOnly("NoSuchBucket");
    assertThat(run.bucket(missing).path("status").asText()).isEqualTo("error");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodePolicy.FINDINGS);
  }

  @Test
  void theAuditNeverWrites(TestStack stack) {
    assertThat(stack.s3().getBucketAcl(r -> r.bucket(exposed)).grants())
        .anySatisfy(g -> assertThat(g.grantee().uri()).endsWith("/global/AllUsers"));
    assertThat(stack.s3().getBucketWebsite(r -> r.bucket(exposed)).indexDocument().suffix())
        .isEqualTo("index.html");
  }
}
