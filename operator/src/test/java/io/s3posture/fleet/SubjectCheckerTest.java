package io.s3posture.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.s3posture.api.v1alpha1.AccountPolicy;
import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.aws.AccessPoint;
import io.s3posture.aws.AccountGateway;
import io.s3posture.aws.AwsFailure;
import io.s3posture.aws.AwsTarget;
import io.s3posture.aws.ConfigRecorder;
import io.s3posture.aws.DetectionGateway;
import io.s3posture.aws.FailureKind;
import io.s3posture.aws.GuardDutyDetector;
import io.s3posture.aws.MacieStatus;
import io.s3posture.aws.PublicAccessBlock;
import io.s3posture.aws.Trail;
import io.s3posture.control.AccountPublicAccessBlockControl;
import io.s3posture.control.AccountSubject;
import io.s3posture.control.BucketSubject;
import io.s3posture.control.ControlCatalog;
import io.s3posture.control.ControlName;
import io.s3posture.control.ManagedControl;
import io.s3posture.control.OutcomeState;
import io.s3posture.control.PolicyRef;
import io.s3posture.control.ReadBackVerifier;
import io.s3posture.control.TargetCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An account is a subject of the fleet like a bucket: checked once per request for every
 * AccountPolicy of its account and region, requirements combined, each policy's outcome in its own
 * ledger; another region is another subject.
 */
class SubjectCheckerTest {

  private static final String ACCOUNT = "111122223333";
  private static final PublicAccessBlock ACLS_ONLY =
      new PublicAccessBlock(true, true, false, false);
  private static final PublicAccessBlock POLICY_ONLY =
      new PublicAccessBlock(false, false, true, true);

  private final PolicyIndex index = new PolicyIndex();
  private final Map<String, FakeAccount> accounts = new ConcurrentHashMap<>();
  private final List<String> reported = new CopyOnWriteArrayList<>();
  private final ControlCatalog catalog = ControlCatalog.standard();
  private final SubjectChecker checker =
      new SubjectChecker(
          index,
          new SubjectChecker.Subjects() {
            @Override
            public BucketSubject bucket(AwsTarget target, String bucket) {
              throw new UnsupportedOperationException("accounts only");
            }

            @Override
            public AccountSubject account(AwsTarget target, String accountId) {
              return AccountSubject.of(
                  accounts.computeIfAbsent(target.region(), r -> new FakeAccount()),
                  new NoDetection(target.region()),
                  accountId);
            }
          },
          engine(catalog.bucketRunOrder()),
          engine(catalog.accountRunOrder()),
          (policy, subject, outcomes, recorded, ledger) ->
              reported.add(policy.ref().name() + "@" + subject),
          new SubjectChecker.Retries() {
            @Override
            public void failedTransiently(SubjectKey key, String budget) {}

            @Override
            public void succeeded(SubjectKey key) {}
          },
          Clock.systemUTC());

  private static TargetCheck engine(Comparator<ControlName> order) {
    return new TargetCheck(new ReadBackVerifier(2, Duration.ZERO, d -> {}), order);
  }

  @Test
  void theAccountPoliciesOfOneAccountAndRegionShareOneCheckAndOneWrite() {
    GovernedAccount acls = govern("acls", "us-east-1", ACLS_ONLY);
    GovernedAccount policies = govern("policies", "us-east-1", POLICY_ONLY);
    GovernedAccount elsewhere = govern("elsewhere", "eu-west-1", PublicAccessBlock.ALL);

    SubjectWorkQueue.Result result = check(acls.account());

    assertThat(result).isEqualTo(SubjectWorkQueue.Result.CHECKED);
    FakeAccount us = accounts.get("us-east-1");
    assertThat(us.reads).as("read once for both policies, then read back").hasValue(2);
    assertThat(us.writes).as("the union of both requirements, in one write").hasSize(1);
    assertThat(us.flags).isEqualTo(PublicAccessBlock.ALL);
    assertThat(reported)
        .containsExactly(
            "acls@account 111122223333 in us-east-1",
            "policies@account " + "111122223333 in us-east-1");
    for (GovernedAccount policy : List.of(acls, policies)) {
      PolicyLedger ledger = index.ledger(policy.ref().uid()).orElseThrow();
      assertThat(ledger.lastSweepCompleted()).as(policy.ref().name()).isPresent();
      PolicyLedger.SubjectRecord record = ledger.last(ACCOUNT).orElseThrow();
      assertThat(record.corrected()).isTrue();
      assertThat(record.facts().accountPublicAccessBlock())
          .as("the flags as the check left them, for status")
          .contains(PublicAccessBlock.ALL);
    }
    assertThat(accounts).as("another region is another subject").doesNotContainKey("eu-west-1");
    assertThat(index.ledger(elsewhere.ref().uid()).orElseThrow().last(ACCOUNT)).isEmpty();
  }

  @Test
  void anAccountNoPolicyGovernsIsNotChecked() {
    govern("us", "us-east-1", ACLS_ONLY);

    assertThat(check(new AccountKey("aws", "999999999999", "us-east-1")))
        .isEqualTo(SubjectWorkQueue.Result.NO_POLICY);
    assertThat(check(new AccountKey("aws", ACCOUNT, "ap-south-1")))
        .isEqualTo(SubjectWorkQueue.Result.NO_POLICY);
    assertThat(accounts).isEmpty();
  }

  @Test
  void nothingReadableIsRecordedAsUnreadableWithTheCause() {
    GovernedAccount policy = govern("denied", "us-east-1", ACLS_ONLY);
    accounts.put("us-east-1", new FakeAccount(true));

    check(policy.account());

    PolicyLedger.SubjectRecord record =
        index.ledger(policy.ref().uid()).orElseThrow().last(ACCOUNT).orElseThrow();
    assertThat(record.unreadable())
        .hasValueSatisfying(cause -> assertThat(cause.message()).contains("denied"));
    assertThat(record.notCompliant().values())
        .extracting(LedgerEntry::state)
        .containsExactly(OutcomeState.FAILED);
  }

  private SubjectWorkQueue.Result check(SubjectKey key) {
    return checker.check(key, Optional.empty(), List.of(Trigger.SWEEP));
  }

  private GovernedAccount govern(String name, String region, PublicAccessBlock required) {
    AccountPolicy resource = new AccountPolicy();
    resource.setMetadata(new ObjectMetaBuilder().withName(name).withUid(name).build());
    GovernedAccount policy =
        new GovernedAccount(
            new PolicyRef("AccountPolicy", "", name, name),
            resource,
            AwsTarget.of(region).withAccountId(ACCOUNT),
            List.of(
                new ManagedControl<>(
                    new AccountPublicAccessBlockControl(), required, Mode.Enforce)),
            Duration.ofMinutes(5));
    PolicyLedger ledger = index.put(policy, () -> new PolicyLedger(policy.ref(), Map.of()));
    ledger.startSweep(List.of(ACCOUNT), Set.of(), Instant.now());
    return policy;
  }

  /** An account's Block Public Access, counting calls. */
  private static final class FakeAccount implements AccountGateway {
    final AtomicInteger reads = new AtomicInteger();
    final List<PublicAccessBlock> writes = new ArrayList<>();
    final boolean denied;
    volatile PublicAccessBlock flags = PublicAccessBlock.NONE;

    FakeAccount() {
      this(false);
    }

    FakeAccount(boolean denied) {
      this.denied = denied;
    }

    @Override
    public PublicAccessBlock publicAccessBlock(String accountId) {
      reads.incrementAndGet();
      if (denied) {
        throw new AwsFailure(
            FailureKind.ACCESS_DENIED,
            "GetPublicAccessBlock",
            "AccessDenied",
            "access denied",
            null);
      }
      return flags;
    }

    @Override
    public void putPublicAccessBlock(String accountId, PublicAccessBlock block) {
      writes.add(block);
      flags = block;
    }

    @Override
    public List<AccessPoint> accessPoints(String accountId) {
      throw new AssertionError("not read: no policy here checks access points");
    }
  }

  /** Detection services no control of these tests reads. */
  private record NoDetection(String region) implements DetectionGateway {
    @Override
    public List<Trail> trails() {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<ConfigRecorder> configRecorders() {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<GuardDutyDetector> guardDutyDetectors() {
      throw new UnsupportedOperationException();
    }

    @Override
    public MacieStatus macie() {
      throw new UnsupportedOperationException();
    }
  }
}
