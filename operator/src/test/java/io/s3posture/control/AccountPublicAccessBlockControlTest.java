package io.s3posture.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.aws.AccessPoint;
import io.s3posture.aws.AccountGateway;
import io.s3posture.aws.AwsFailure;
import io.s3posture.aws.ConfigRecorder;
import io.s3posture.aws.DetectionGateway;
import io.s3posture.aws.FailureKind;
import io.s3posture.aws.GuardDutyDetector;
import io.s3posture.aws.MacieStatus;
import io.s3posture.aws.PublicAccessBlock;
import io.s3posture.aws.Trail;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The account's Block Public Access through the same engine as buckets (TargetCheck): read once,
 * Audit never writes, the union of flags is written and read back.
 */
class AccountPublicAccessBlockControlTest {

  private static final String ACCOUNT = "111122223333";
  private static final PublicAccessBlock ACLS_ONLY =
      new PublicAccessBlock(true, true, false, false);
  private static final PublicAccessBlock POLICY_ONLY =
      new PublicAccessBlock(false, false, true, true);

  private final List<Duration> pauses = new ArrayList<>();
  private final TargetCheck check =
      new TargetCheck(
          new ReadBackVerifier(3, Duration.ofMillis(100), pauses::add),
          ControlCatalog.standard().accountRunOrder());

  /** The outcome, and the flags as the check left them (the status reads them). */
  private record Result(ControlOutcome outcome, PublicAccessBlock observed) {}

  private Result run(FakeAccount account, PublicAccessBlock required, Mode mode) {
    AccountSubject subject = AccountSubject.of(account, new NoDetection(), ACCOUNT);
    ControlOutcome outcome =
        check
            .runAlone(
                subject,
                List.of(
                    new ManagedControl<>(new AccountPublicAccessBlockControl(), required, mode)))
            .get(0);
    PublicAccessBlock after;
    try {
      after = subject.s3Control().publicAccessBlock(ACCOUNT);
    } catch (AwsFailure failure) {
      after = null;
    }
    return new Result(outcome, after);
  }

  /** No detection service is read by this control. */
  private static final class NoDetection implements DetectionGateway {
    public String region() {
      return "us-east-1";
    }

    public List<Trail> trails() {
      throw new AssertionError("not read");
    }

    public List<ConfigRecorder> configRecorders() {
      throw new AssertionError("not read");
    }

    public List<GuardDutyDetector> guardDutyDetectors() {
      throw new AssertionError("not read");
    }

    public MacieStatus macie() {
      throw new AssertionError("not read");
    }
  }

  /** The account's flags, with a call log, stale reads after a write and injected failures. */
  private static final class FakeAccount implements AccountGateway {
    PublicAccessBlock flags = PublicAccessBlock.NONE;
    PublicAccessBlock stale;
    int staleReads;
    int staleReadsAfterWrite;
    FailureKind failReads;
    FailureKind failWrites;
    final List<String> calls = new ArrayList<>();

    @Override
    public PublicAccessBlock publicAccessBlock(String accountId) {
      calls.add("GetPublicAccessBlock");
      if (failReads != null) {
        throw new AwsFailure(failReads, "GetPublicAccessBlock", null, "injected", null);
      }
      if (staleReads > 0) {
        staleReads--;
        return stale;
      }
      return flags;
    }

    @Override
    public List<AccessPoint> accessPoints(String accountId) {
      throw new AssertionError("not read");
    }

    @Override
    public void putPublicAccessBlock(String accountId, PublicAccessBlock block) {
      calls.add("PutPublicAccessBlock");
      if (failWrites != null) {
        throw new AwsFailure(failWrites, "PutPublicAccessBlock", null, "injected", null);
      }
      stale = flags;
      staleReads = staleReadsAfterWrite;
      flags = block;
    }
  }

  private final FakeAccount account = new FakeAccount();

  @Test
  void compliantAccountIsOnlyRead() {
    account.flags = PublicAccessBlock.ALL;

    var result = run(account, ACLS_ONLY, Mode.Enforce);

    assertThat(account.calls).containsExactly("GetPublicAccessBlock");
    assertThat(result.outcome().state()).isEqualTo(OutcomeState.COMPLIANT);
    assertThat(result.observed()).isEqualTo(PublicAccessBlock.ALL);
  }

  @Test
  void auditReportsMissingFlagsWithoutWriting() {
    account.flags = POLICY_ONLY;

    var result = run(account, ACLS_ONLY, Mode.Audit);

    assertThat(account.calls).containsExactly("GetPublicAccessBlock");
    assertThat(result.outcome().state()).isEqualTo(OutcomeState.DRIFTED);
    assertThat(result.outcome().reasonLabel()).isEqualTo("AuditMode");
    assertThat(DriftSummary.of(result.outcome().drift()))
        .containsExactly("blockPublicAcls:PUT", "ignorePublicAcls:PUT");
  }

  @Test
  void enforceTurnsMissingFlagsOnAndKeepsTheOthers() {
    account.flags = POLICY_ONLY;
    account.staleReadsAfterWrite = 1;

    var result = run(account, ACLS_ONLY, Mode.Enforce);

    assertThat(account.flags).isEqualTo(PublicAccessBlock.ALL);
    assertThat(account.calls)
        .containsExactly(
            "GetPublicAccessBlock",
            "PutPublicAccessBlock",
            "GetPublicAccessBlock",
            "GetPublicAccessBlock");
    assertThat(pauses).containsExactly(Duration.ofMillis(100));
    assertThat(result.outcome().state()).isEqualTo(OutcomeState.CORRECTED);
    assertThat(result.observed()).isEqualTo(PublicAccessBlock.ALL);
  }

  @Test
  void aWriteThatNeverShowsFailsVerification() {
    account.staleReadsAfterWrite = 10;

    var result = run(account, ACLS_ONLY, Mode.Enforce);

    assertThat(result.outcome().state()).isEqualTo(OutcomeState.FAILED);
    assertThat(result.outcome().reasonLabel()).isEqualTo("VerificationFailed");
    assertThat(result.outcome().retrySoon()).isTrue();
    assertThat(result.observed()).isEqualTo(PublicAccessBlock.NONE);
  }

  @Test
  void anUnreadableAccountFailsWithTheKindsReason() {
    account.failReads = FailureKind.ACCESS_DENIED;

    var result = run(account, ACLS_ONLY, Mode.Enforce);

    assertThat(result.outcome().state()).isEqualTo(OutcomeState.FAILED);
    assertThat(result.outcome().reasonLabel()).isEqualTo("AccessDenied");
    assertThat(result.outcome().retrySoon()).isFalse();
    assertThat(result.observed()).isNull();
  }

  @Test
  void aThrottledWriteIsRetriedSoon() {
    account.failWrites = FailureKind.THROTTLED;

    var result = run(account, ACLS_ONLY, Mode.Enforce);

    assertThat(result.outcome().reasonLabel()).isEqualTo("Throttled");
    assertThat(result.outcome().retrySoon()).isTrue();
    assertThat(result.outcome().drift().isNone()).isFalse();
    assertThat(result.observed()).isEqualTo(PublicAccessBlock.NONE);
  }
}
