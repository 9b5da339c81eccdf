package io.s3posture.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.TestLocks;
import io.s3posture.testing.TestStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/** The baseline's account-level Block Public Access: once per run, for the caller's account. */
@ExtendWith(LocalStackExtension.class)
@ResourceLock(TestLocks.MOTO_ACCOUNT)
class AuditAccountIT {

  @AfterEach
  void removeTheAccountBlock(TestStack stack) {
    stack.s3Control().deletePublicAccessBlock(r -> r.accountId(TestStack.ACCOUNT_ID));
  }

  private static AuditRun audit(TestStack stack, String... more) {
    String bucket = TestStack.uniqueBucketName("audit-acct");
    BucketStates.compliant(stack.s3(), bucket);
    String[] args = {
      "--bucket", bucket, "--endpoint", stack.moto().endpoint().toString(), "--output", "json"
    };
    return AuditRun.inProcess(AuditRun.concat(args, more));
  }

  private static void blockEverything(TestStack stack) {
    stack
        .s3Control()
        .putPublicAccessBlock(
            r ->
                r.accountId(TestStack.ACCOUNT_ID)
                    .publicAccessBlockConfiguration(
                        c ->
                            c.blockPublicAcls(true)
                                .ignorePublicAcls(true)
                                .blockPublicPolicy(true)
                                .restrictPublicBuckets(true)));
  }

  @Test
  void passesWhenTheAccountBlocksPublicAccessAndThenACompliantBucketExitsZero(TestStack stack) {
    blockEverything(stack);

    AuditRun run = audit(stack);

    JsonNode account = run.json().path("account");
    assertThat(account.path("accountId").asText()).as("from STS").isEqualTo(TestStack.ACCOUNT_ID);
    assertThat(account.path("check").path("status").asText()).isEqualTo("pass");
    assertThat(run.exitCode())
        .as("only MFA delete (low) fails, below the default threshold medium: " + run)
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
  void anAssumedRoleIsTheAccountChecked(TestStack stack) {
    blockEverything(stack);

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
