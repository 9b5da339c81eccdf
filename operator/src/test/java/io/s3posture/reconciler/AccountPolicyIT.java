package io.s3posture.reconciler;

import static io.s3posture.testing.AccountPolicies.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.s3posture.api.v1alpha1.AccountPolicy;
import io.s3posture.api.v1alpha1.PublicAccessBlockState;
import io.s3posture.aws.MotoDetectionServices;
import io.s3posture.metrics.AwsCallMetrics;
import io.s3posture.testing.AccountPolicies;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.OperatorExtension;
import io.s3posture.testing.OperatorUnderTest;
import io.s3posture.testing.TestLocks;
import io.s3posture.testing.TestStack;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * AccountPolicy against moto's S3 Control and detection services: the account-level Block Public
 * Access, and the detection checks (reported only, never written).
 */
@ExtendWith(LocalStackExtension.class)
@ResourceLock(TestLocks.MOTO_ACCOUNT)
class AccountPolicyIT {

  @RegisterExtension
  static final OperatorExtension running = OperatorExtension.forAccountPolicies().build();

  private final TestStack stack = running.stack();
  private final OperatorUnderTest operator = running.operator();
  private final AccountPolicies accountPolicies = new AccountPolicies(stack.kubernetes());

  private MotoDetectionServices detection() {
    String logs = stack.seeder().bucket("detection-logs");
    return new MotoDetectionServices(
        stack.moto().endpoint(), TestStack.REGION, TestStack.ACCOUNT_ID, logs);
  }

  @BeforeEach
  @AfterEach
  void noAccountBlock() {
    stack.s3Control().deletePublicAccessBlock(r -> r.accountId(TestStack.ACCOUNT_ID));
    try (MotoDetectionServices services = detection()) {
      services.removeAll();
    }
    accountPolicies.deleteAll();
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
    policy = awaitPolicy(policy, p -> "DriftDetected".equals(condition(p, "Ready").getReason()));

    assertThat(condition(policy, "Ready").getStatus())
        .as("Audit: the drift is reported, as declared")
        .isEqualTo("True");
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

  @Test
  void detectionChecksReportWhatIsMissingNeverWriteAndPassOnceTheServicesRun() {
    long accountReads = operator.awsCalls("GetPublicAccessBlock"::equals);
    long writes = operator.awsWrites();
    AccountPolicy policy =
        applySpec(
            "detection-services",
            """
            mode: Enforce
            detection:
              cloudTrailDataEvents: {}
              configRecorder: {}
              guardDutyS3Protection: {}
              macie: {}
            """);
    policy = awaitPolicy(policy, p -> "DriftDetected".equals(condition(p, "Ready").getReason()));

    assertThat(condition(policy, "Ready").getStatus())
        .as("detection checks only report")
        .isEqualTo("True");
    assertThat(policy.getStatus().findings())
        .extracting(f -> f.control(), f -> f.reason())
        .containsExactly(
            tuple("cloudTrailDataEvents", "AuditMode"),
            tuple("configRecorder", "AuditMode"),
            tuple("guardDutyS3Protection", "AuditMode"),
            tuple("macie", "AuditMode"));
    assertThat(policy.getStatus().findings().get(0).observed())
        .contains("no trail logs S3 data event reads and writes");
    assertThat(policy.getStatus().findings().get(2).observed())
        .isEqualTo("detector=no GuardDuty detector");
    assertThat(policy.getStatus().publicAccessBlock()).as("not managed, not read").isNull();
    assertThat(operator.awsCalls("GetPublicAccessBlock"::equals)).isEqualTo(accountReads);
    assertThat(operator.awsWrites()).as("reported only, whatever spec.mode says").isEqualTo(writes);

    try (MotoDetectionServices services = detection()) {
      services.all();
    }
    requestCheck(policy);
    policy = awaitPolicy(policy, p -> "True".equals(condition(p, "Ready").getStatus()));

    assertThat(condition(policy, "Ready").getReason()).isEqualTo("AllCompliant");
    assertThat(policy.getStatus().findings()).isNull();
    assertThat(operator.awsWrites()).isEqualTo(writes);
  }

  @Test
  void aTrailSelectingOnlyOtherBucketsDoesNotCountForTheListedOnes() {
    try (MotoDetectionServices services = detection()) {
      services.trailLoggingEveryS3DataEvent();
    }
    AccountPolicy policy =
        applySpec(
            "account-trail",
            """
            detection:
              cloudTrailDataEvents: {events: WriteOnly, buckets: [payments-ledger]}
            """);
    policy = awaitPolicy(policy, p -> "True".equals(condition(p, "Ready").getStatus()));
    assertThat(policy.getStatus().findings()).isNull();

    try (MotoDetectionServices services = detection()) {
      services.trailSelecting("arn:aws:s3:::payments-archive/");
    }
    requestCheck(policy);
    policy = awaitPolicy(policy, p -> "DriftDetected".equals(condition(p, "Ready").getReason()));

    assertThat(policy.getStatus().findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.control()).isEqualTo("cloudTrailDataEvents");
              assertThat(f.observed())
                  .isEqualTo("dataEvents[payments-ledger]=no trail logs S3 data event writes");
            });
  }

  private AccountPolicy applySpec(String name, String spec) {
    return accountPolicies.apply(AccountPolicies.manifest(name, spec));
  }

  /** Asks for a check now; the next status has a new lastCheckTime. */
  private void requestCheck(AccountPolicy policy) {
    accountPolicies.checkNow(policy);
  }

  private AccountPolicy apply(String name, String account, String mode, String flags) {
    return accountPolicies.apply(
        AccountPolicies.manifest(
            name, account, "mode: %s\npublicAccessBlock: %s".formatted(mode, flags)));
  }

  private AccountPolicy awaitPolicy(AccountPolicy policy, Predicate<AccountPolicy> condition) {
    return accountPolicies.awaitStatus(policy.getMetadata().getName(), condition);
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
}
