package io.s3posture.control;

import static io.s3posture.control.ControlsSpecBuilder.controls;
import static io.s3posture.control.ControlsSpecBuilder.on;
import static io.s3posture.control.FakeS3Gateway.OWNER;
import static io.s3posture.control.FakeS3Gateway.groupGrant;
import static io.s3posture.control.FakeS3Gateway.userGrant;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.s3posture.api.v1alpha1.AccessLoggingSpec;
import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.api.v1alpha1.EncryptionSpec;
import io.s3posture.api.v1alpha1.LifecycleRetentionSpec;
import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.api.v1alpha1.NoExternalAccessSpec;
import io.s3posture.api.v1alpha1.ObjectLockSpec;
import io.s3posture.api.v1alpha1.PublicAccessBlockSpec;
import io.s3posture.api.v1alpha1.ReplicationSpec;
import io.s3posture.api.v1alpha1.VersioningSpec;
import io.s3posture.api.v1alpha1.VpcEndpointOnlySpec;
import io.s3posture.aws.AccessPoint;
import io.s3posture.aws.BucketAcl;
import io.s3posture.aws.DefaultEncryption;
import io.s3posture.aws.FailureKind;
import io.s3posture.aws.LifecycleConfiguration;
import io.s3posture.aws.LoggingTarget;
import io.s3posture.aws.ObjectLockState;
import io.s3posture.aws.ObjectOwnership;
import io.s3posture.aws.PublicAccessBlock;
import io.s3posture.aws.ReplicationConfig;
import io.s3posture.aws.VersioningState;
import io.s3posture.aws.VersioningState.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

class TargetCheckTest {

  private static final String BUCKET = "b";
  private static final String ROLE = "arn:aws:iam::111122223333:role/replication";
  private static final String REPLICA = "arn:aws:s3:::replica";
  private static final String ATTACKER_KEY =
      "arn:aws:kms:us-east-1:999999999999:key/ffffffff-ffff-ffff-ffff-ffffffffffff";
  private static final LoggingTarget LOGS = new LoggingTarget("logs", "b/");
  private static final ObjectLockState.Retention RETENTION =
      ObjectLockState.Retention.of("GOVERNANCE", 30, null);
  private static final String PUBLIC_STATEMENT =
      "{\"Sid\":\"Public\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\","
          + "\"Resource\":\"arn:aws:s3:::b/*\"}";

  /** The one read each control makes to observe a bucket. */
  private static final Map<ControlName, String> READ_OF =
      Map.ofEntries(
          Map.entry(Names.NO_PUBLIC_ACL, "GetBucketAcl"),
          Map.entry(Names.ACLS_DISABLED, "GetBucketOwnershipControls"),
          Map.entry(Names.PUBLIC_ACCESS_BLOCK, "GetPublicAccessBlock"),
          Map.entry(Names.ENCRYPTION, "GetBucketEncryption"),
          Map.entry(Names.VERSIONING, "GetBucketVersioning"),
          Map.entry(Names.OBJECT_LOCK, "GetObjectLockConfiguration"),
          Map.entry(Names.REPLICATION, "GetBucketReplication"),
          Map.entry(Names.TLS_ONLY, "GetBucketPolicy"),
          Map.entry(Names.NO_PUBLIC_POLICY, "GetBucketPolicy"),
          Map.entry(Names.ACCESS_LOGGING, "GetBucketLogging"),
          Map.entry(Names.WEBSITE_DISABLED, "GetBucketWebsite"),
          Map.entry(Names.BLOCK_SSE_C, "GetBucketEncryption"),
          Map.entry(Names.DENY_UNAPPROVED_KMS_KEYS, "GetBucketPolicy"),
          Map.entry(Names.VPC_ENDPOINT_ONLY, "GetBucketPolicy"),
          Map.entry(Names.NO_EXTERNAL_ACCESS, "GetBucketPolicy"),
          Map.entry(Names.LIFECYCLE_RETENTION, "GetBucketLifecycleConfiguration"),
          Map.entry(Names.NO_PUBLIC_ACCESS_POINTS, "ListAccessPoints"));

  /** A rule that keeps data long enough, and one that would wipe the bucket in a day. */
  private static final LifecycleConfiguration.Rule KEEPS_A_YEAR =
      new LifecycleConfiguration.Rule(
          Optional.of("archive"),
          true,
          Optional.empty(),
          Optional.of(LifecycleConfiguration.Filter.prefix("")),
          Optional.of(LifecycleConfiguration.Expiration.afterDays(365)),
          Optional.of(LifecycleConfiguration.NoncurrentExpiration.afterDays(30)),
          List.of(),
          List.of(),
          Optional.of(7));

  private static final LifecycleConfiguration.Rule WIPES =
      new LifecycleConfiguration.Rule(
          Optional.of("wipe"),
          true,
          Optional.empty(),
          Optional.of(LifecycleConfiguration.Filter.prefix("")),
          Optional.of(LifecycleConfiguration.Expiration.afterDays(1)),
          Optional.of(LifecycleConfiguration.NoncurrentExpiration.afterDays(1)),
          List.of(),
          List.of(),
          Optional.empty());

  private static final AccessPoint PRIVATE_POINT =
      AccessPoint.regional("reports", BUCKET, "VPC", PublicAccessBlock.ALL, Optional.empty());
  private static final AccessPoint OPEN_POINT =
      AccessPoint.regional("open", BUCKET, "Internet", PublicAccessBlock.NONE, Optional.empty());

  /** The operator's own role: the VPC-endpoint statement exempts it. */
  private static final String OPERATOR = "arn:aws:iam::111122223333:role/s3-posture";

  private static final String ENDPOINT = "vpce-1a2b3c4d";

  private final FakeS3Gateway s3 = new FakeS3Gateway();
  private final List<Duration> pauses = new ArrayList<>();
  private final TargetCheck check =
      new TargetCheck(
          new ReadBackVerifier(4, Duration.ofMillis(100), pauses::add),
          ControlCatalog.standard().bucketRunOrder());
  private final ControlCatalog catalog = ControlCatalog.standard();

  // fixtures

  private static ControlsSpec everything() {
    return everything(null);
  }

  /** Every control; {@code vpcEndpointMode}: the VPC-endpoint control's own mode. */
  private static ControlsSpec everything(Mode vpcEndpointMode) {
    return controls()
        .noPublicAcl(on())
        .aclsDisabled(on())
        .publicAccessBlock(ControlsSpecBuilder.allFlags())
        .encryption(ControlsSpecBuilder.sseS3())
        .versioning(ControlsSpecBuilder.versioningEnabled())
        .objectLock(
            new ObjectLockSpec(
                new ObjectLockSpec.DefaultRetention(
                    ObjectLockSpec.RetentionMode.Governance, 30, null),
                null))
        .replication(
            new ReplicationSpec(
                ROLE,
                List.of(new ReplicationSpec.Rule("r1", 1, null, REPLICA, null, null, null)),
                null))
        .tlsOnly(ControlsSpecBuilder.tls())
        .noPublicPolicy(on())
        .accessLogging(new AccessLoggingSpec(LOGS.bucket(), LOGS.prefix(), null))
        .websiteDisabled(on())
        .blockSseC(on())
        .denyUnapprovedKmsKeys(on())
        .vpcEndpointOnly(new VpcEndpointOnlySpec(List.of(ENDPOINT), List.of(), vpcEndpointMode))
        .noExternalAccess(new NoExternalAccessSpec(List.of(), List.of(), null))
        .lifecycleRetention(new LifecycleRetentionSpec(null, null, null, null))
        .noPublicAccessPoints(on())
        .build();
  }

  /** The statements every statement control of {@link #everything()} owns. */
  private static String tlsOnlyPolicy() {
    return PolicyDocument.empty()
        .withStatement(TlsOnlyControl.statement("arn:aws:s3:::b"))
        .withStatement(
            DenyUnapprovedKmsKeysControl.statement(
                "arn:aws:s3:::b", new DenyUnapprovedKmsKeysControl.ApprovedKeys(Set.of())))
        .withStatement(
            VpcEndpointOnlyControl.statement(
                "arn:aws:s3:::b", Set.of(ENDPOINT), VpcEndpointOnlyControl.operatorForms(OPERATOR)))
        .toJson();
  }

  private void compliantBucket() {
    s3.bucket(BUCKET)
        .acl(FakeS3Gateway.privateAcl())
        .ownership(ObjectOwnership.BucketOwnerEnforced)
        .publicAccessBlock(PublicAccessBlock.ALL)
        .encryption(
            DefaultEncryption.SSE_S3.withBlockedEncryptionTypes(Set.of(DefaultEncryption.SSE_C)))
        .versioning(new VersioningState(Status.ENABLED, false))
        .objectLock(new ObjectLockState(true, Optional.of(RETENTION)))
        .replication(
            new ReplicationConfig(
                ROLE,
                List.of(
                    ReplicationConfig.Rule.of(
                        "r1", 1, "", true, REPLICA, Optional.empty(), Optional.empty(), false))))
        .policy(tlsOnlyPolicy())
        .logging(LOGS)
        .website(false)
        .lifecycle(new LifecycleConfiguration(List.of(KEEPS_A_YEAR), Optional.empty()))
        .accessPoints(PRIVATE_POINT);
  }

  /** Every managed control drifted; the ACL grants everyone and another account. */
  private void driftedBucket() {
    s3.bucket(BUCKET)
        .acl(
            new BucketAcl(
                OWNER,
                List.of(
                    userGrant(OWNER, "FULL_CONTROL"),
                    userGrant("partner", "READ"),
                    groupGrant(BucketAcl.ALL_USERS, "READ"))))
        .encryption(new DefaultEncryption("aws:kms", Optional.of(ATTACKER_KEY), false))
        .website(true)
        .lifecycle(new LifecycleConfiguration(List.of(KEEPS_A_YEAR, WIPES), Optional.empty()))
        .accessPoints(OPEN_POINT);
  }

  private BucketResult run(ControlsSpec spec, Mode mode) {
    return new BucketResult(
        BUCKET,
        check.runAlone(
            BucketSubject.of(s3, BUCKET, Optional.of(OPERATOR)), catalog.managedBy(spec, mode)));
  }

  private static ControlOutcome outcome(BucketResult result, ControlName control) {
    return result.outcomes().stream()
        .filter(o -> o.control().equals(control))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no outcome for " + control));
  }

  private static List<ControlName> controlsOf(BucketResult result) {
    return result.outcomes().stream().map(ControlOutcome::control).toList();
  }

  // order

  @Test
  void controlsAreReadInRunOrderAndEachSettingOnce() {
    compliantBucket();

    BucketResult result = run(everything(), Mode.Audit);

    // every statement control and noExternalAccess look at the bucket policy: one
    // GetBucketPolicy; encryption and blockSseC at the default encryption: one
    // GetBucketEncryption
    assertThat(s3.calls())
        .containsExactlyElementsOf(Names.ALL.stream().map(READ_OF::get).distinct().toList());
    assertThat(controlsOf(result)).containsExactly(Names.all());
  }

  @Test
  void enforceCorrectsADriftedBucketInTheOrderAwsNeeds() {
    driftedBucket();

    BucketResult result = run(everything(Mode.Enforce), Mode.Enforce);

    // the fake refuses BucketOwnerEnforced while the ACL grants others, and object lock and
    // replication without versioning, as AWS does: this order is the only one that succeeds.
    // encryption and blockSseC share one PutBucketEncryption; tlsOnly, denyUnapprovedKmsKeys
    // and vpcEndpointOnly one PutBucketPolicy
    assertThat(s3.writeCalls())
        .containsExactly(
            "PutBucketAcl",
            "PutBucketAcl",
            "PutBucketOwnershipControls",
            "PutPublicAccessBlock",
            "PutBucketEncryption",
            "PutBucketVersioning",
            "PutObjectLockConfiguration",
            "PutBucketReplication",
            "PutBucketLifecycleConfiguration",
            "PutBucketPolicy",
            "PutBucketLogging",
            "DeleteBucketWebsite");
    assertThat(result.outcomes())
        .allSatisfy(
            o ->
                assertThat(o.state())
                    .as("%s: %s", o.control(), o.message())
                    .isEqualTo(
                        o.control() == Names.NO_PUBLIC_POLICY
                            ? OutcomeState.COMPLIANT
                            // judged on the ACL as read before aclsDisabled made it private
                            : o.control() == Names.NO_EXTERNAL_ACCESS
                                    // S3 cannot change an access point's Block Public Access
                                    || o.control() == Names.NO_PUBLIC_ACCESS_POINTS
                                ? OutcomeState.NEEDS_HUMAN
                                : OutcomeState.CORRECTED));
    assertThat(result.state()).isEqualTo(OutcomeState.NEEDS_HUMAN);
    assertThat(result.retrySoon()).isFalse();

    s3.resetCalls();
    BucketResult again = run(everything(Mode.Enforce), Mode.Enforce);
    assertThat(s3.writes()).as("nothing left to correct").isZero();
    assertThat(again.outcomes())
        .filteredOn(o -> o.state() != OutcomeState.COMPLIANT)
        .as("only the open access point is left, for a person to replace")
        .singleElement()
        .satisfies(o -> assertThat(o.control()).isEqualTo(Names.NO_PUBLIC_ACCESS_POINTS));
  }

  // compliant and Audit

  @Test
  void aCompliantBucketIsReadOncePerSettingAndNeverWritten() {
    compliantBucket();

    BucketResult result = run(everything(), Mode.Enforce);

    assertThat(s3.writes()).isZero();
    assertThat(s3.reads()).isEqualTo(READ_OF.values().stream().distinct().count());
    assertThat(result.outcomes())
        .allSatisfy(
            o -> {
              assertThat(o.state()).isEqualTo(OutcomeState.COMPLIANT);
              assertThat(o.reasonLabel()).isEqualTo("Compliant");
              assertThat(o.drift().isNone()).isTrue();
            });
    assertThat(pauses).isEmpty();
  }

  @Test
  void auditNeverWritesEvenWhenEveryControlDrifted() {
    driftedBucket();
    s3.bucket(BUCKET)
        .policy("{\"Version\":\"2012-10-17\",\"Statement\":[" + PUBLIC_STATEMENT + "]}")
        .versioning(new VersioningState(Status.SUSPENDED, false));

    BucketResult result = run(everything(), Mode.Audit);

    assertThat(s3.writes()).isZero();
    assertThat(result.outcomes())
        .hasSize(Names.ALL.size())
        .allSatisfy(
            o -> {
              assertThat(o.state()).as("%s", o.control()).isEqualTo(OutcomeState.DRIFTED);
              assertThat(o.reasonLabel()).isEqualTo("AuditMode");
              assertThat(o.drift().isNone()).isFalse();
              assertThat(o.retrySoon()).isFalse();
            });
    assertThat(result.state()).isEqualTo(OutcomeState.DRIFTED);
  }

  @Test
  void aControlInAuditModeIsReportedWhileTheOthersAreCorrected() {
    s3.bucket(BUCKET)
        .encryption(new DefaultEncryption("aws:kms", Optional.of(ATTACKER_KEY), false));
    ControlsSpec spec =
        controls()
            .publicAccessBlock(ControlsSpecBuilder.allFlags())
            .encryption(new EncryptionSpec(null, null, null, null, Mode.Audit))
            .build();

    BucketResult result = run(spec, Mode.Enforce);

    assertThat(s3.writeCalls()).containsExactly("PutPublicAccessBlock");
    assertThat(outcome(result, Names.ENCRYPTION).state()).isEqualTo(OutcomeState.DRIFTED);
    assertThat(outcome(result, Names.PUBLIC_ACCESS_BLOCK).state())
        .isEqualTo(OutcomeState.CORRECTED);
  }

  @Test
  void aControlInEnforceModeIsCorrectedInAnAuditPolicy() {
    s3.bucket(BUCKET).website(true);
    ControlsSpec spec =
        controls()
            .publicAccessBlock(new PublicAccessBlockSpec(true, true, true, true, Mode.Enforce))
            .websiteDisabled(on())
            .build();

    BucketResult result = run(spec, Mode.Audit);

    assertThat(s3.writeCalls()).containsExactly("PutPublicAccessBlock");
    assertThat(outcome(result, Names.WEBSITE_DISABLED).state()).isEqualTo(OutcomeState.DRIFTED);
  }

  // correction and read-back

  @Test
  void enforceWritesOnceAndReadsBack() {
    s3.bucket(BUCKET)
        .encryption(new DefaultEncryption("aws:kms", Optional.of(ATTACKER_KEY), false));

    BucketResult result =
        run(controls().encryption(ControlsSpecBuilder.sseS3()).build(), Mode.Enforce);

    assertThat(s3.calls())
        .containsExactly("GetBucketEncryption", "PutBucketEncryption", "GetBucketEncryption");
    assertThat(s3.bucket(BUCKET).encryption.get()).isEqualTo(DefaultEncryption.SSE_S3);
    ControlOutcome encryption = outcome(result, Names.ENCRYPTION);
    assertThat(encryption.state()).isEqualTo(OutcomeState.CORRECTED);
    assertThat(encryption.reasonLabel()).isEqualTo("DriftCorrected");
    assertThat(encryption.drift().observed()).isEqualTo("kmsKey=" + ATTACKER_KEY);
    assertThat(encryption.retrySoon()).isFalse();
    assertThat(pauses).isEmpty();
  }

  @Test
  void readBackWaitsForAnEventuallyConsistentWriteToShow() {
    s3.bucket(BUCKET).website(true);
    s3.staleReadsAfterWrite(2);

    BucketResult result = run(controls().websiteDisabled(on()).build(), Mode.Enforce);

    assertThat(s3.calls())
        .containsExactly(
            "GetBucketWebsite",
            "DeleteBucketWebsite",
            "GetBucketWebsite",
            "GetBucketWebsite",
            "GetBucketWebsite");
    assertThat(pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    assertThat(outcome(result, Names.WEBSITE_DISABLED).state()).isEqualTo(OutcomeState.CORRECTED);
  }

  @Test
  void aWriteThatNeverShowsFailsVerificationAndIsRetriedSoon() {
    s3.bucket(BUCKET).website(true);
    s3.staleReadsAfterWrite(4);

    BucketResult result = run(controls().websiteDisabled(on()).build(), Mode.Enforce);

    assertThat(s3.calls("DeleteBucketWebsite")).isEqualTo(1);
    assertThat(s3.calls("GetBucketWebsite")).isEqualTo(1 + 4);
    assertThat(pauses)
        .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
    ControlOutcome website = outcome(result, Names.WEBSITE_DISABLED);
    assertThat(website.state()).isEqualTo(OutcomeState.FAILED);
    assertThat(website.reasonLabel()).isEqualTo("VerificationFailed");
    assertThat(website.message()).contains("read-back still shows website=Enabled");
    assertThat(website.retrySoon()).isTrue();
  }

  // isolation of failures

  @Test
  void aControlThatCannotBeReadDoesNotStopTheOthers() {
    s3.bucket(BUCKET).website(true);
    s3.failAlways("GetBucketEncryption", FailureKind.ACCESS_DENIED);
    ControlsSpec spec =
        controls()
            .publicAccessBlock(ControlsSpecBuilder.allFlags())
            .encryption(ControlsSpecBuilder.sseS3())
            .websiteDisabled(on())
            .build();

    BucketResult result = run(spec, Mode.Enforce);

    ControlOutcome encryption = outcome(result, Names.ENCRYPTION);
    assertThat(encryption.state()).isEqualTo(OutcomeState.FAILED);
    assertThat(encryption.reasonLabel()).isEqualTo("AccessDenied");
    assertThat(encryption.message()).startsWith("could not read: ");
    assertThat(encryption.retrySoon()).isFalse();
    assertThat(outcome(result, Names.PUBLIC_ACCESS_BLOCK).state())
        .isEqualTo(OutcomeState.CORRECTED);
    assertThat(outcome(result, Names.WEBSITE_DISABLED).state()).isEqualTo(OutcomeState.CORRECTED);
    assertThat(s3.writeCalls()).containsExactly("PutPublicAccessBlock", "DeleteBucketWebsite");
    assertThat(result.state()).isEqualTo(OutcomeState.FAILED);
  }

  @Test
  void aFailedCorrectionKeepsTheDriftAndDoesNotStopTheOthers() {
    s3.bucket(BUCKET)
        .encryption(new DefaultEncryption("aws:kms", Optional.of(ATTACKER_KEY), false))
        .website(true);
    s3.failOnce("PutBucketEncryption", FailureKind.INVALID_KMS_KEY);
    ControlsSpec spec =
        controls().encryption(ControlsSpecBuilder.sseS3()).websiteDisabled(on()).build();

    BucketResult result = run(spec, Mode.Enforce);

    ControlOutcome encryption = outcome(result, Names.ENCRYPTION);
    assertThat(encryption.state()).isEqualTo(OutcomeState.FAILED);
    assertThat(encryption.reasonLabel()).isEqualTo("InvalidKmsKey");
    assertThat(encryption.message()).startsWith("correction failed: ");
    assertThat(DriftSummary.of(encryption.drift())).containsExactly("kmsKey:PUT");
    assertThat(outcome(result, Names.WEBSITE_DISABLED).state()).isEqualTo(OutcomeState.CORRECTED);
  }

  @Test
  void aMissingBucketFailsEveryControlAfterOneCall() {
    BucketResult result = run(everything(), Mode.Enforce);

    assertThat(s3.calls()).containsExactly("GetBucketAcl");
    assertThat(controlsOf(result)).containsExactly(Names.all());
    assertThat(result.outcomes())
        .allSatisfy(
            o -> {
              assertThat(o.state()).isEqualTo(OutcomeState.FAILED);
              assertThat(o.reasonLabel()).isEqualTo("NoSuchBucket");
              assertThat(o.retrySoon()).isFalse();
            });
    assertThat(outcome(result, Names.NO_PUBLIC_ACL).message()).startsWith("could not read");
    assertThat(outcome(result, Names.WEBSITE_DISABLED).message()).startsWith("not checked");
    assertThat(result.retrySoon()).isFalse();
  }

  @Test
  void aBucketThatDisappearsMidwayStopsTheRemainingCalls() {
    compliantBucket();
    s3.failOnce("GetBucketEncryption", FailureKind.NO_SUCH_BUCKET);

    BucketResult result = run(everything(), Mode.Enforce);

    assertThat(s3.calls())
        .containsExactly(
            "GetBucketAcl",
            "GetBucketOwnershipControls",
            "GetPublicAccessBlock",
            "GetBucketEncryption");
    assertThat(outcome(result, Names.PUBLIC_ACCESS_BLOCK).state())
        .isEqualTo(OutcomeState.COMPLIANT);
    assertThat(outcome(result, Names.VERSIONING).reasonLabel()).isEqualTo("NoSuchBucket");
    assertThat(outcome(result, Names.WEBSITE_DISABLED).reasonLabel()).isEqualTo("NoSuchBucket");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = FailureKind.class,
      names = {"NETWORK", "ASSUME_ROLE_FAILED", "CREDENTIALS"})
  void anEndpointOrIdentityThatCannotBeReachedEndsTheCheckAfterOneCall(FailureKind kind) {
    compliantBucket();
    s3.failAlways("GetBucketAcl", kind);

    BucketResult result = run(everything(), Mode.Enforce);

    assertThat(s3.calls()).as("no other read waits for its own timeouts").hasSize(1);
    assertThat(result.outcomes())
        .as("every control")
        .hasSize(ControlCatalog.standard().bucketControls().size())
        .allSatisfy(
            o -> {
              assertThat(o.state()).isEqualTo(OutcomeState.FAILED);
              assertThat(o.reasonLabel()).isEqualTo(kind.reason());
              assertThat(o.retrySoon()).isEqualTo(kind.isTransient());
            });
    assertThat(outcome(result, Names.WEBSITE_DISABLED).message()).startsWith("not checked after");
  }

  @Test
  void throttlingOfOneReadDoesNotEndTheCheck() {
    compliantBucket();
    s3.failAlways("GetBucketAcl", FailureKind.THROTTLED);

    BucketResult result = run(everything(), Mode.Enforce);

    assertThat(outcome(result, Names.NO_PUBLIC_ACL).reasonLabel()).isEqualTo("Throttled");
    assertThat(outcome(result, Names.WEBSITE_DISABLED).state()).isEqualTo(OutcomeState.COMPLIANT);
  }

  // dependencies

  private static ControlsSpec versioningLockAndReplication(Mode versioningMode) {
    return controls()
        .versioning(new VersioningSpec(VersioningSpec.Status.Enabled, null, versioningMode))
        .objectLock(new ObjectLockSpec(null, null))
        .replication(
            new ReplicationSpec(
                ROLE,
                List.of(new ReplicationSpec.Rule("r1", 1, null, REPLICA, null, null, null)),
                null))
        .build();
  }

  @ParameterizedTest
  @EnumSource(
      value = FailureKind.class,
      names = {"ACCESS_DENIED", "THROTTLED"})
  void dependentControlsAreNotCorrectedWhenVersioningFailed(FailureKind kind) {
    s3.bucket(BUCKET);
    s3.failAlways("PutBucketVersioning", kind);

    BucketResult result = run(versioningLockAndReplication(null), Mode.Enforce);

    assertThat(s3.writeCalls()).containsExactly("PutBucketVersioning");
    assertThat(outcome(result, Names.VERSIONING).reasonLabel()).isEqualTo(kind.reason());
    for (ControlName dependent : List.of(Names.OBJECT_LOCK, Names.REPLICATION)) {
      ControlOutcome outcome = outcome(result, dependent);
      assertThat(outcome.state()).isEqualTo(OutcomeState.FAILED);
      assertThat(outcome.reasonLabel()).isEqualTo("DependencyNotMet");
      assertThat(outcome.message()).contains("versioning must be compliant first");
      assertThat(outcome.drift().isNone()).isFalse();
      assertThat(outcome.retrySoon()).isEqualTo(kind.isTransient());
    }
  }

  @Test
  void dependentControlsAreNotCorrectedWhileVersioningIsOnlyAudited() {
    s3.bucket(BUCKET);

    BucketResult result = run(versioningLockAndReplication(Mode.Audit), Mode.Enforce);

    assertThat(s3.writes()).isZero();
    assertThat(outcome(result, Names.VERSIONING).state()).isEqualTo(OutcomeState.DRIFTED);
    assertThat(outcome(result, Names.OBJECT_LOCK).reasonLabel()).isEqualTo("DependencyNotMet");
    assertThat(outcome(result, Names.REPLICATION).reasonLabel()).isEqualTo("DependencyNotMet");
  }

  @Test
  void dependentControlsAreCorrectedRightAfterVersioning() {
    s3.bucket(BUCKET);

    BucketResult result = run(versioningLockAndReplication(null), Mode.Enforce);

    assertThat(s3.writeCalls())
        .containsExactly(
            "PutBucketVersioning", "PutObjectLockConfiguration", "PutBucketReplication");
    assertThat(result.state()).isEqualTo(OutcomeState.CORRECTED);
  }

  @Test
  void missingMfaDeleteDoesNotHoldBackObjectLockOnAVersionedBucket() {
    s3.bucket(BUCKET).versioning(new VersioningState(Status.ENABLED, false));
    ControlsSpec spec =
        controls()
            .versioning(new VersioningSpec(null, VersioningSpec.MfaDelete.Required, null))
            .objectLock(new ObjectLockSpec(null, null))
            .build();

    BucketResult result = run(spec, Mode.Enforce);

    assertThat(outcome(result, Names.VERSIONING).state()).isEqualTo(OutcomeState.NEEDS_HUMAN);
    assertThat(outcome(result, Names.OBJECT_LOCK).state()).isEqualTo(OutcomeState.CORRECTED);
    assertThat(s3.writeCalls()).containsExactly("PutObjectLockConfiguration");
  }

  // needs a person

  @Test
  void missingMfaDeleteNeedsAPersonAndIsNeverWritten() {
    s3.bucket(BUCKET).versioning(new VersioningState(Status.ENABLED, false));

    BucketResult result =
        run(
            controls()
                .versioning(new VersioningSpec(null, VersioningSpec.MfaDelete.Required, null))
                .build(),
            Mode.Enforce);

    ControlOutcome versioning = outcome(result, Names.VERSIONING);
    assertThat(versioning.state()).isEqualTo(OutcomeState.NEEDS_HUMAN);
    assertThat(versioning.reasonLabel()).isEqualTo("NeedsHuman");
    assertThat(versioning.message()).contains("mfaDelete=Enabled");
    assertThat(versioning.retrySoon()).isFalse();
    assertThat(s3.writes()).isZero();
  }

  @Test
  void suspendedVersioningIsEnabledAndMissingMfaDeleteStillNeedsAPerson() {
    s3.bucket(BUCKET).versioning(new VersioningState(Status.SUSPENDED, false));

    BucketResult result =
        run(
            controls()
                .versioning(new VersioningSpec(null, VersioningSpec.MfaDelete.Required, null))
                .build(),
            Mode.Enforce);

    assertThat(s3.writeCalls()).containsExactly("PutBucketVersioning");
    assertThat(s3.bucket(BUCKET).versioning.get().status()).isEqualTo(Status.ENABLED);
    ControlOutcome versioning = outcome(result, Names.VERSIONING);
    assertThat(versioning.state()).isEqualTo(OutcomeState.NEEDS_HUMAN);
    assertThat(DriftSummary.of(versioning.drift()))
        .containsExactly("status:PUT", "mfaDelete:NOT_REMEDIABLE");
  }

  @Test
  void theCorrectionLogNamesOnlyWhatWasCorrected() {
    s3.bucket(BUCKET).versioning(new VersioningState(Status.SUSPENDED, false));
    Logger logger = (Logger) LoggerFactory.getLogger(TargetCheck.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try {
      run(
          controls()
              .versioning(new VersioningSpec(null, VersioningSpec.MfaDelete.Required, null))
              .build(),
          Mode.Enforce);
    } finally {
      logger.detachAppender(logs);
    }

    String thisTest = Thread.currentThread().getName(); // tests that run alongside log too
    assertThat(logs.list)
        .filteredOn(event -> event.getThreadName().equals(thisTest))
        .map(ILoggingEvent::getFormattedMessage)
        .filteredOn(m -> m.startsWith("corrected"))
        .containsExactly("corrected versioning: status=Enabled (was status=Suspended)");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"Version\":\"2012-10-17\",\"Statement\":[" + PUBLIC_STATEMENT + "]}|noPublicPolicy",
        "[\"JSON\", \"but not a policy\"]|tlsOnly"
      })
  void policiesThatOnlyAPersonMayChangeAreNeverWritten(String policy, String control) {
    s3.bucket(BUCKET).policy(policy);
    ControlsSpec spec =
        control.equals("tlsOnly")
            ? controls().tlsOnly(ControlsSpecBuilder.tls()).build()
            : controls().noPublicPolicy(on()).build();

    BucketResult result = run(spec, Mode.Enforce);

    assertThat(s3.writes()).isZero();
    assertThat(result.outcomes())
        .singleElement()
        .satisfies(o -> assertThat(o.state()).isEqualTo(OutcomeState.NEEDS_HUMAN));
  }

  @Test
  void aPolicyResponseThatIsNotJsonIsATransientReadFailureNotAFinding() {
    s3.bucket(BUCKET).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":");

    BucketResult result = run(controls().tlsOnly(ControlsSpecBuilder.tls()).build(), Mode.Enforce);

    assertThat(s3.writes()).isZero();
    assertThat(result.outcomes())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.state()).isEqualTo(OutcomeState.FAILED);
              assertThat(o.reasonLabel()).isEqualTo("MalformedResponse");
              assertThat(o.retrySoon()).isTrue();
            });
  }

  @ParameterizedTest(name = "{1} on {0}: retrySoon={2}")
  @CsvSource({
    "GetBucketEncryption, THROTTLED, true",
    "PutBucketEncryption, THROTTLED, true",
    "GetBucketEncryption, OPERATION_ABORTED, true",
    "PutBucketPolicy, OPERATION_ABORTED, true",
    "GetBucketPolicy, SERVICE_UNAVAILABLE, true",
    "PutBucketEncryption, SERVICE_UNAVAILABLE, true",
    "GetBucketPolicy, NETWORK, true",
    "GetBucketEncryption, ACCESS_DENIED, false",
    "PutBucketPolicy, ACCESS_DENIED, false",
    "GetBucketEncryption, NO_SUCH_BUCKET, false",
    "PutBucketPolicy, MALFORMED_POLICY, false",
    "PutBucketEncryption, INVALID_KMS_KEY, false",
  })
  void transientFailuresAreRetriedSoonAndTerminalOnesAreNot(
      String operation, FailureKind kind, boolean retrySoon) {
    s3.bucket(BUCKET)
        .encryption(new DefaultEncryption("aws:kms", Optional.of(ATTACKER_KEY), false));
    s3.failOnce(operation, kind);
    ControlsSpec spec =
        controls()
            .encryption(ControlsSpecBuilder.sseS3())
            .tlsOnly(ControlsSpecBuilder.tls())
            .build();

    BucketResult result = run(spec, Mode.Enforce);

    ControlName failing = operation.endsWith("Encryption") ? Names.ENCRYPTION : Names.TLS_ONLY;
    ControlOutcome outcome = outcome(result, failing);
    assertThat(outcome.state()).isEqualTo(OutcomeState.FAILED);
    assertThat(outcome.reasonLabel()).isEqualTo(kind.reason());
    assertThat(outcome.retrySoon()).isEqualTo(retrySoon);
    assertThat(result.retrySoon()).isEqualTo(retrySoon);
  }
}
