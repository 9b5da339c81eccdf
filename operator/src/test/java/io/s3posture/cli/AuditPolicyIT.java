package io.s3posture.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.s3posture.testing.BucketSeeder;
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
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/** Auditing against a BucketPolicy manifest: its controls, selector and spec.aws; never writes. */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditPolicyIT {

  private final String prefix = TestStack.uniqueBucketName("audit-pol");
  private final String good = prefix + "-good";
  private final String bad = prefix + "-bad";
  private final String untagged = prefix + "-untagged";
  private final String elsewhere = TestStack.uniqueBucketName("audit-other");
  @TempDir static Path dir;
  private Path policy;

  @BeforeAll
  void bucketsAndPolicy(TestStack stack) throws IOException {
    BucketSeeder seed = stack.seeder();
    for (String bucket : new String[] {good, bad, untagged, elsewhere}) {
      seed.create(bucket);
      if (!bucket.equals(untagged)) {
        seed.tag(bucket, "team", "payments");
      }
    }
    seed.encryption(good, "aws:kms", BucketStates.KMS_KEY)
        .versioning(good, BucketVersioningStatus.ENABLED)
        .publicReadAcl(bad)
        .website(bad, "index.html");
    policy = dir.resolve("payments.yaml");
    Files.writeString(
        policy,
        """
        apiVersion: s3posture.io/v1alpha1
        kind: BucketPolicy
        metadata:
          name: payments
          namespace: team-payments
        spec:
          mode: Enforce
          buckets:
            selector:
              namePatterns: ["%s-*"]
              tags: {team: payments}
          aws:
            region: us-east-1
            endpoint: %s
          controls:
            noPublicAcl: {mode: Enforce}
            encryption:
              algorithm: SSE-KMS
              kmsKeyArn: %s
            versioning: {}
            websiteDisabled: {}
        """
            .formatted(prefix, stack.moto().endpoint(), BucketStates.KMS_KEY));
  }

  @Test
  void checksThePolicysControlsOnTheBucketsItsSelectorMatches(TestStack stack) {
    AuditRun run = AuditRun.inProcess("--policy", policy.toString(), "--output", "json");

    assertThat(run.json().path("posture").asText())
        .isEqualTo("BucketPolicy team-payments/payments");
    assertThat(run.json().path("buckets").findValuesAsText("name")).containsExactly(bad, good);
    assertThat(run.statuses(good))
        .containsExactly(
            entry("noPublicAcl", "pass"),
            entry("encryption", "pass"),
            entry("versioning", "pass"),
            entry("websiteDisabled", "pass"));
    assertThat(run.statuses(bad))
        .containsExactly(
            entry("noPublicAcl", "fail"),
            entry("encryption", "fail"),
            entry("versioning", "fail"),
            entry("websiteDisabled", "fail"));
    assertThat(run.json().path("account").isNull())
        .as("a BucketPolicy has no account check")
        .isTrue();
  }

  @Test
  void neverWritesAlthoughThePolicySaysEnforce(TestStack stack) {
    AuditRun run = AuditRun.inProcess("--policy", policy.toString(), "--output", "json");

    assertThat(run.exitCode()).isEqualTo(ExitCodePolicy.FINDINGS);
    assertThat(stack.s3().getBucketAcl(r -> r.bucket(bad)).grants())
        .anySatisfy(g -> assertThat(g.grantee().uri()).endsWith("/global/AllUsers"));
    assertThat(stack.s3().getBucketWebsite(r -> r.bucket(bad)).indexDocument()).isNotNull();
    assertThat(stack.s3().getBucketVersioning(r -> r.bucket(bad)).statusAsString()).isNull();
  }

  @Test
  void failsOnAnyFailingControlByDefaultAndNamesTheKeyItRequires() {
    AuditRun run = AuditRun.inProcess("--policy", policy.toString(), "--output", "json");

    assertThat(run.json().path("failOn").asText()).isEqualTo("low");
    assertThat(run.bucket(bad).path("checks").get(1).path("message").asText())
        .contains(BucketStates.KMS_KEY)
        .contains("found AES256");
  }

  @Test
  void bucketsOnTheCommandLineReplaceThePolicysSelector() {
    AuditRun run =
        AuditRun.inProcess("--policy", policy.toString(), "--bucket", good, "--output", "json");

    assertThat(run.json().path("buckets").findValuesAsText("name")).containsExactly(good);
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodePolicy.PASSED);
  }

  @Test
  void aMisspeltControlIsAUsageErrorNotASilentPass() throws IOException {
    Path typo = dir.resolve("typo.yaml");
    Files.writeString(
        typo, Files.readString(policy).replace("websiteDisabled: {}", "websiteDisabld: {}"));

    AuditRun run = AuditRun.inProcess("--policy", typo.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodePolicy.ERROR);
    assertThat(run.stderr()).contains("unknown field \"spec.controls.websiteDisabld\"");
    assertThat(run.stdout()).isEmpty();
  }

  @Test
  void theShippedExamplesEmptyPublicAccessBlockRequiresAllFourFlags(TestStack stack) {
    // crds/examples/bucketpolicy-enforce.yaml says publicAccessBlock: {}; the operator enforces
    // the four flags the CRD defaults to true, so a bucket without Block Public Access fails
    String open = TestStack.uniqueBucketName("payments-open");
    stack.s3().createBucket(r -> r.bucket(open));

    AuditRun run =
        AuditRun.inProcess(
            "--policy",
            Path.of("..", "crds", "examples", "bucketpolicy-enforce.yaml").toString(),
            "--bucket",
            open,
            "--endpoint",
            stack.moto().endpoint().toString(),
            "--output",
            "json");

    assertThat(run.statuses(open)).containsEntry("publicAccessBlock", "fail");
    assertThat(run.check(open, "publicAccessBlock").path("message").asText())
        .contains("blockPublicAcls")
        .contains("ignorePublicAcls")
        .contains("blockPublicPolicy")
        .contains("restrictPublicBuckets");
    assertThat(run.exitCode()).isEqualTo(ExitCodePolicy.FINDINGS);
  }
}
