package io.s3posture.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3posture.localstack.proxy.FaultProxy;
import io.s3posture.localstack.proxy.FaultRule;
import io.s3posture.testing.FaultProxyExtension;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The audit command through the fault proxy: what a run says when AWS throttles or the network
 * breaks, with the requests it made counted at the proxy (the CLI makes at most 3 attempts a call).
 */
@ExtendWith({LocalStackExtension.class, FaultProxyExtension.class})
class AuditFaultsIT {

  private static final int CLI_MAX_ATTEMPTS = 3;

  @Test
  void allBucketsUnderAThrottlingStormIsARunWithoutAccess(FaultProxy proxy) {
    proxy.addRule(FaultRule.slowDown());

    AuditRun run =
        AuditRun.inProcess("--all", "--endpoint", proxy.endpoint().toString(), "--output", "json");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.stderr()).contains("cannot list the buckets").contains("SlowDown");
    assertThat(proxy.counts().of("s3:ListBuckets")).isEqualTo(CLI_MAX_ATTEMPTS);
    assertThat(proxy.counts().total()).as("nothing after the listing").isEqualTo(CLI_MAX_ATTEMPTS);
  }

  @Test
  void resetConnectionsStillGiveAValidReportWithExitCodeTwo(TestStack stack, FaultProxy proxy) {
    String bucket = TestStack.uniqueBucketName("audit-faults-reset");
    stack.s3().createBucket(r -> r.bucket(bucket));
    proxy.addRule(FaultRule.reset());

    AuditRun run =
        AuditRun.inProcess(
            "--bucket",
            bucket,
            "--region",
            TestStack.REGION,
            "--account-id",
            TestStack.ACCOUNT_ID,
            "--endpoint",
            proxy.endpoint().toString(),
            "--output",
            "json");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    JsonNode report = run.json();
    AuditJsonStructure.assertValid(report);
    assertThat(report.path("exitCode").asInt()).isEqualTo(2);
    assertThat(run.statuses(bucket))
        .isNotEmpty()
        .allSatisfy((check, status) -> assertThat(status).as(check).isEqualTo("error"));
    assertThat(run.stderr()).contains("no access");
    assertThat(proxy.counts().total() % CLI_MAX_ATTEMPTS)
        .as("every call was tried exactly %d times", CLI_MAX_ATTEMPTS)
        .isZero();
  }

  @Test
  void throttledReadsOfOneBucketAreErrorsNotPasses(TestStack stack, FaultProxy proxy) {
    String bucket = TestStack.uniqueBucketName("audit-faults-slow");
    stack.s3().createBucket(r -> r.bucket(bucket));
    proxy.addRule(FaultRule.slowDown().onBucket(bucket).onOperation("GetBucketVersioning"));

    AuditRun run =
        AuditRun.inProcess(
            "--bucket",
            bucket,
            "--region",
            TestStack.REGION,
            "--account-id",
            TestStack.ACCOUNT_ID,
            "--endpoint",
            proxy.endpoint().toString(),
            "--output",
            "json");

    AuditJsonStructure.assertValid(run.json());
    assertThat(run.statuses(bucket)).containsEntry("versioning", "error");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(proxy.counts().of("GetBucketVersioning", bucket))
        .as("retried, never more than the maximum per call")
        .isPositive()
        .matches(n -> n % CLI_MAX_ATTEMPTS == 0, "a multiple of " + CLI_MAX_ATTEMPTS);
  }
}
