package io.s3posture.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.s3posture.api.v1alpha1.AccountPolicy;
import io.s3posture.api.v1alpha1.PublicAccessBlockState;
import io.s3posture.metrics.AwsCallMetrics;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.OperatorUnderTest;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestLocks;
import io.s3posture.testing.TestStack;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/** AccountPolicy against moto's S3 Control: the account-level Block Public Access. */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ResourceLock(TestLocks.MOTO_ACCOUNT)
class AccountPolicyIT {

  private TestStack stack;
  private OperatorUnderTest operator;

  @BeforeAll
  void startOperator(TestStack stack) {
    this.stack = stack;
    this.operator =
        OperatorUnderTest.start(
            stack,
            stack.kubernetes(),
            OperatorUnderTest.config(stack, Set.of("no-bucket-policies"), true, true));
  }

  @AfterAll
  void stopOperator() {
    operator.close();
  }

  @BeforeEach
  @AfterEach
  void noAccountBlock() {
    stack.s3Control().deletePublicAccessBlock(r -> r.accountId(TestStack.ACCOUNT_ID));
    stack.kubernetes().resources(AccountPolicy.class).delete();
    await()
        .atMost(Policies.TIMEOUT)
        .until(() -> stack.kubernetes().resources(AccountPolicy.class).list().getItems().isEmpty());
  }

  @Test
  void enforceTurnsTheRequiredAccountFlagsOn() {
    stack
        .s3Control()
        .putPublicAccessBlock(
            r ->
                r.accountId(TestStack.ACCOUNT_ID)
                    .publicAccessBlockConfiguration(c -> c.blockPublicAcls(true)));

    AccountPolicy policy =
        apply(
            "account-enforce",
            TestStack.ACCOUNT_ID,
            "Enforce",
            "{blockPublicAcls: false, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true}");
    policy = awaitPolicy(policy, p -> "True".equals(condition(p, "Ready").getStatus()));

    var flags =
        stack
            .s3Control()
            .getPublicAccessBlock(r -> r.accountId(TestStack.ACCOUNT_ID))
            .publicAccessBlockConfiguration();
    assertThat(flags.blockPublicAcls()).as("never turned off").isTrue();
    assertThat(flags.ignorePublicAcls()).isTrue();
    assertThat(flags.blockPublicPolicy()).isTrue();
    assertThat(flags.restrictPublicBuckets()).isTrue();
    assertThat(policy.getStatus().publicAccessBlock())
        .isEqualTo(new PublicAccessBlockState(true, true, true, true));
  }

  @Test
  void auditReportsMissingFlagsAndNeverWrites() {
    long writes = accountWrites();
    AccountPolicy policy = apply("account-audit", TestStack.ACCOUNT_ID, "Audit", "{}");
    policy = awaitPolicy(policy, p -> "False".equals(condition(p, "Ready").getStatus()));

    assertThat(condition(policy, "Ready").getReason()).isEqualTo("DriftDetected");
    assertThat(policy.getStatus().findings())
        .singleElement()
        .satisfies(f -> assertThat(f.expected()).contains("blockPublicPolicy=true"));
    assertThat(policy.getStatus().publicAccessBlock())
        .isEqualTo(new PublicAccessBlockState(false, false, false, false));
    assertThat(accountWrites()).isEqualTo(writes);
  }

  @Test
  void anAccountTheCredentialsDoNotOwnIsReportedNotReady() {
    AccountPolicy policy = apply("account-foreign", "999999999999", "Enforce", "{}");
    policy = awaitPolicy(policy, p -> "False".equals(condition(p, "Synced").getStatus()));

    assertThat(condition(policy, "Synced").getReason()).isEqualTo("AwsCallFailed");
    assertThat(condition(policy, "Synced").getMessage()).contains("GetPublicAccessBlock");
    assertThat(condition(policy, "Ready").getStatus()).isEqualTo("False");
    assertThat(condition(policy, "Ready").getReason()).isEqualTo("ChecksFailed");
  }

  private AccountPolicy apply(String name, String account, String mode, String flags) {
    String yaml =
        """
        apiVersion: s3posture.io/v1alpha1
        kind: AccountPolicy
        metadata: {name: %s}
        spec:
          aws: {region: %s, accountId: "%s"}
          mode: %s
          publicAccessBlock: %s
        """
            .formatted(name, TestStack.REGION, account, mode, flags);
    AccountPolicy policy =
        stack
            .kubernetes()
            .resources(AccountPolicy.class)
            .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
            .item();
    return stack.kubernetes().resource(policy).serverSideApply();
  }

  private AccountPolicy awaitPolicy(AccountPolicy policy, Predicate<AccountPolicy> condition) {
    return org.awaitility.Awaitility.await()
        .atMost(Policies.TIMEOUT)
        .until(
            () ->
                stack
                    .kubernetes()
                    .resources(AccountPolicy.class)
                    .withName(policy.getMetadata().getName())
                    .get(),
            p ->
                p != null
                    && p.getStatus() != null
                    && p.getStatus().conditions() != null
                    && condition.test(p));
  }

  private long accountWrites() {
    return operator
        .registry()
        .find(AwsCallMetrics.CALLS)
        .tag("service", "S3Control")
        .counters()
        .stream()
        .filter(c -> c.getId().getTag("operation").startsWith("Put"))
        .mapToLong(c -> (long) c.count())
        .sum();
  }

  private static Condition condition(AccountPolicy policy, String type) {
    return policy.getStatus().conditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }
}
