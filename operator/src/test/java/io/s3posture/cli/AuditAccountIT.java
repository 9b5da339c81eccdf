package io.s3posture.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3posture.aws.MotoDetectionServices;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.TestLocks;
import io.s3posture.testing.TestStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The baseline's account checks, once per run for the caller's account: Block Public Access and the
 * detection services (CloudTrail S3 data events, AWS Config, GuardDuty S3 Protection, Macie).
 */
@ExtendWith(LocalStackExtension.class)
@ResourceLock(TestLocks.MOTO_ACCOUNT)
class AuditAccountIT {

  @AfterEach
  void removeTheAccountSettings(TestStack stack) {
    stack.s3Control().deletePublicAccessBlock(r -> r.accountId(TestStack.ACCOUNT_ID));
    try (MotoDetectionServices services = detection(stack)) {
      services.removeAll();
    }
  }

  private static MotoDetectionServices detection(TestStack stack) {
    String logs = TestStack.uniqueBucketName("audit-acct-logs");
    stack.s3().createBucket(r -> r.bucket(logs));
    return new MotoDetectionServices(
        stack.moto().endpoint(), TestStack.REGION, TestStack.ACCOUNT_ID, logs);
  }

  /** The account watched by every detection service the baseline checks. */
  private static void detectionServicesOn(TestStack stack) {
    try (MotoDetectionServices services = detection(stack)) {
      services.all();
    }
  }

  private static AuditRun audit(TestStack stack, String... more) {
    String bucket = TestStack.uniqueBucketName("audit-acct");
    BucketStates.compliant(stack.seeder(), bucket);
    String[] args = {
      "--bucket", bucket, "--endpoint", stack.moto().endpoint().toString(), "--output", "json"
    };
    return AuditRun.inProcess(AuditRun.concat(args, more));
  }

  @Test
  void passesWhenTheAccountBlocksPublicAccessAndThenACompliantBucketExitsZero(TestStack stack) {
    stack.seeder().accountPublicAccessBlock(true, true, true, true);
    detectionServicesOn(stack);

    AuditRun run = audit(stack);

    JsonNode account = run.json().path("account");
    assertThat(account.path("accountId").asText()).as("from STS").isEqualTo(TestStack.ACCOUNT_ID);
    assertThat(account.path("check").path("status").asText()).isEqualTo("pass");
    assertThat(account.path("checks").findValuesAsText("id"))
        .containsExactly(
            "accountPublicAccessBlock",
            "accountNoPublicAccessPoints",
            "cloudTrailDataEvents",
            "configRecorder",
            "guardDutyS3Protection",
            "macie");
    assertThat(account.path("checks").findValuesAsText("status")).containsOnly("pass");
    assertThat(run.exitCode())
        .as("what moto cannot show (SSE-C block, MFA delete) is no failure: " + run)
        .isEqualTo(0);
  }

  @Test
  void failsWithTheMissingFlagsWhenTheAccountDoesNotBlock(TestStack stack) {
    stack.s3Control().deletePublicAccessBlock(r -> r.accountId(TestStack.ACCOUNT_ID));

    AuditRun run = audit(stack, "--account-id", TestStack.ACCOUNT_ID);

    JsonNode check = run.json().path("account").path("check");
    assertThat(check.path("status").asText()).isEqualTo("fail");
    assertThat(check.path("severity").asText()).isEqualTo("high");
    assertThat(check.path("drift").findValuesAsText("field"))
        .containsExactly(
            "blockPublicAcls", "ignorePublicAcls", "blockPublicPolicy", "restrictPublicBuckets");
    assertThat(run.exitCode()).isEqualTo(1);
  }

  @Test
  void withoutDetectionServicesTheAccountFailsWithWhatIsMissing(TestStack stack) {
    stack.seeder().accountPublicAccessBlock(true, true, true, true);

    AuditRun run = audit(stack);

    JsonNode checks = run.json().path("account").path("checks");
    assertThat(checks.get(2).path("status").asText()).as("%s", checks).isEqualTo("fail");
    assertThat(checks.get(2).path("message").asText())
        .startsWith(
            "dataEvents: expected S3 data event reads and writes of every bucket, by a logging"
                + " trail, found no trail logs S3 data event reads and writes (");
    assertThat(checks.get(4).path("severity").asText()).isEqualTo("high");
    assertThat(checks.get(4).path("message").asText())
        .isEqualTo(
            "detector: expected an enabled detector with S3 Protection, found no GuardDuty"
                + " detector");
    assertThat(run.exitCode()).isEqualTo(1);
  }

  @Test
  void anAssumedRoleIsTheAccountChecked(TestStack stack) {
    stack.seeder().accountPublicAccessBlock(true, true, true, true);
    detectionServicesOn(stack);

    AuditRun run =
        audit(
            stack,
            "--role-arn",
            "arn:aws:iam::" + TestStack.ACCOUNT_ID + ":role/auditor",
            "--external-id",
            "audit-test");

    assertThat(run.json().path("account").path("accountId").asText())
        .isEqualTo(TestStack.ACCOUNT_ID);
    assertThat(run.json().path("account").path("check").path("status").asText()).isEqualTo("pass");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(0);
  }
}
