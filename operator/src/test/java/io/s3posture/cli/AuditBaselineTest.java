package io.s3posture.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.aws.BucketAcl;
import io.s3posture.aws.DefaultEncryption;
import io.s3posture.aws.LoggingTarget;
import io.s3posture.aws.PublicAccessBlock;
import io.s3posture.aws.ReplicationConfig;
import io.s3posture.control.BucketPolicyView;
import io.s3posture.control.BucketSubject;
import io.s3posture.control.ControlCatalog;
import io.s3posture.control.ControlName;
import io.s3posture.control.ControlOutcome;
import io.s3posture.control.Drift;
import io.s3posture.control.FieldDrift;
import io.s3posture.control.ManagedControl;
import io.s3posture.control.NoExternalAccessControl;
import io.s3posture.control.OutcomeReason;
import io.s3posture.control.OutcomeState;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuditBaselineTest {

  private final Posture baseline = RecommendedBaseline.posture(ControlCatalog.standard());

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Drift diff(ControlName name, Object observed) {
    ManagedControl managed =
        baseline.controls().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    return managed.control().diff(managed.desired(), observed);
  }

  @Test
  void coversWhatS3auditChecksAndOurs() {
    assertThat(baseline.checks())
        .containsExactly(
            Checks.ACCOUNT_PUBLIC_ACCESS_BLOCK,
            Checks.byId("accountNoPublicAccessPoints"),
            Checks.byId("cloudTrailDataEvents"),
            Checks.byId("configRecorder"),
            Checks.byId("guardDutyS3Protection"),
            Checks.byId("macie"),
            Checks.NO_PUBLIC_ACL,
            Checks.ACLS_DISABLED,
            Checks.PUBLIC_ACCESS_BLOCK,
            Checks.ENCRYPTION,
            Checks.byId("blockSseC"),
            Checks.VERSIONING,
            Checks.MFA_DELETE,
            Checks.OBJECT_LOCK,
            Checks.REPLICATION,
            Checks.byId("lifecycleRetention"),
            Checks.TLS_ONLY,
            Checks.NO_PUBLIC_POLICY,
            Checks.byId("noExternalAccess"),
            Checks.ACCESS_LOGGING,
            Checks.WEBSITE_DISABLED);
    assertThat(baseline.accountControls().get(0).desired()).isEqualTo(PublicAccessBlock.ALL);
    assertThat(baseline.accountControls())
        .extracting(ManagedControl::mode)
        .containsOnly(Mode.Audit);
    assertThat(baseline.controls()).extracting(ManagedControl::mode).containsOnly(Mode.Audit);
    assertThat(baseline.defaultFailOn()).isEqualTo(FailOn.MEDIUM);
  }

  @Test
  void externalAccessAllowsTheOwnersAccountOnlyAndNamesTheForeignOne() {
    Posture owned =
        RecommendedBaseline.posture(ControlCatalog.standard(), Optional.of("111122223333"));
    @SuppressWarnings("unchecked")
    ManagedControl<BucketSubject, Object, Object> external =
        (ManagedControl<BucketSubject, Object, Object>)
            owned.controls().stream()
                .filter(c -> c.name().specName().equals("noExternalAccess"))
                .findFirst()
                .orElseThrow();
    String policy =
        """
        {"Version":"2012-10-17","Statement":[
          {"Sid":"Own","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},
           "Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},
          {"Sid":"Partner","Effect":"Allow","Principal":{"AWS":"999999999999"},
           "Action":"s3:*","Resource":"arn:aws:s3:::b/*"}]}""";
    BucketAcl privateAcl =
        new BucketAcl(
            "owner",
            List.of(new BucketAcl.Grant("CanonicalUser", "owner", null, null, "FULL_CONTROL")));

    Drift drift =
        external
            .control()
            .diff(
                external.desired(),
                new NoExternalAccessControl.Observed(
                    new BucketPolicyView("arn:aws:s3:::b", Optional.of(policy)),
                    privateAcl,
                    Set.of()));

    assertThat(drift.fields())
        .singleElement()
        .satisfies(
            field -> {
              assertThat(field.field()).isEqualTo("statement[Partner]");
              assertThat(field.expected()).isEqualTo("access only for accounts 111122223333");
              assertThat(field.observed())
                  .isEqualTo("Allow \"s3:*\" to 999999999999 (account 999999999999)");
            });
  }

  @Test
  void requiresAllFourBucketFlags() {
    assertThat(diff(ControlName.of("publicAccessBlock"), PublicAccessBlock.ALL).isNone()).isTrue();
    assertThat(
            diff(
                    ControlName.of("publicAccessBlock"),
                    new PublicAccessBlock(true, true, true, false))
                .expected())
        .isEqualTo("restrictPublicBuckets=true");
  }

  @Test
  void encryptionPassesWithSseS3OrAnyKmsKey() {
    assertThat(diff(ControlName.of("encryption"), DefaultEncryption.SSE_S3).isNone()).isTrue();
    assertThat(
            diff(
                    ControlName.of("encryption"),
                    new DefaultEncryption("aws:kms", Optional.of("arn:aws:kms:x:1:key/k"), true))
                .isNone())
        .isTrue();
    assertThat(
            diff(
                    ControlName.of("encryption"),
                    new DefaultEncryption("aws:kms:dsse", Optional.empty(), false))
                .isNone())
        .isTrue();
    Drift unknown =
        diff(
            ControlName.of("encryption"), new DefaultEncryption("AES512", Optional.empty(), false));
    assertThat(unknown.expected()).isEqualTo("algorithm=AES256 or aws:kms or aws:kms:dsse");
    assertThat(unknown.observed()).isEqualTo("algorithm=AES512");
  }

  @Test
  void aKmsKeyOfAnotherAccountThanTheBucketOwnersFails() {
    Posture owned =
        RecommendedBaseline.posture(ControlCatalog.standard(), Optional.of("111122223333"));
    @SuppressWarnings({"unchecked", "rawtypes"})
    ManagedControl encryption =
        owned.controls().stream()
            .filter(c -> c.name().equals(ControlName.of("encryption")))
            .findFirst()
            .orElseThrow();
    DefaultEncryption own =
        new DefaultEncryption(
            "aws:kms", Optional.of("arn:aws:kms:eu-west-1:111122223333:key/mine"), false);
    DefaultEncryption foreign =
        new DefaultEncryption(
            "aws:kms", Optional.of("arn:aws:kms:eu-west-1:666666666666:key/attacker"), false);

    @SuppressWarnings("unchecked")
    Drift ownDrift = encryption.control().diff(encryption.desired(), own);
    @SuppressWarnings("unchecked")
    Drift foreignDrift = encryption.control().diff(encryption.desired(), foreign);
    @SuppressWarnings("unchecked")
    Drift keyIdDrift =
        encryption
            .control()
            .diff(
                encryption.desired(),
                new DefaultEncryption("aws:kms", Optional.of("1234abcd-12ab"), false));

    assertThat(ownDrift.isNone()).isTrue();
    assertThat(keyIdDrift.isNone()).as("a key id is of the bucket's own account").isTrue();
    assertThat(foreignDrift.expected())
        .contains("KMS key of the bucket owner's account 111122223333");
    assertThat(foreignDrift.observed())
        .isEqualTo(
            "algorithm=aws:kms with key arn:aws:kms:eu-west-1:666666666666:key/attacker"
                + " (account 666666666666)");
  }

  @Test
  void aPassingEncryptionCheckNamesTheKey() {
    assertThat(
            Checks.ENCRYPTION.passDetail(
                new DefaultEncryption("aws:kms", Optional.of("arn:aws:kms:x:1:key/k"), true)))
        .contains("aws:kms with KMS key arn:aws:kms:x:1:key/k, bucket key on");
    assertThat(Checks.ENCRYPTION.passDetail(DefaultEncryption.SSE_S3))
        .contains("AES256 (SSE-S3, keys managed by S3)");
    assertThat(Checks.VERSIONING.passDetail(DefaultEncryption.SSE_S3)).isEmpty();
  }

  @Test
  void tlsOnlyDriftDoesNotAskForTheOperatorsSid() {
    CheckResult result =
        Checks.TLS_ONLY.judge(
            new ControlOutcome(
                ControlName.of("tlsOnly"),
                OutcomeState.DRIFTED,
                Drift.of(
                    FieldDrift.put(
                        "statement[S3PostureDenyInsecureTransport]",
                        "Deny s3:* when aws:SecureTransport=false",
                        "missing")),
                OutcomeReason.AuditMode,
                Optional.empty(),
                "",
                false));

    assertThat(result.message())
        .isEqualTo(
            "bucketPolicy: expected a statement that denies s3:* when aws:SecureTransport is"
                + " false (any Sid), found no such statement")
        .doesNotContain("S3PostureDenyInsecureTransport");
  }

  @Test
  void loggingPassesWithAnyTarget() {
    assertThat(
            diff(ControlName.of("accessLogging"), Optional.of(new LoggingTarget("logs", "")))
                .isNone())
        .isTrue();
    assertThat(diff(ControlName.of("accessLogging"), Optional.empty()).observed())
        .isEqualTo("target=disabled");
  }

  @Test
  void replicationPassesWithAnyRule() {
    ReplicationConfig.Rule rule =
        ReplicationConfig.Rule.of(
            "r", 1, "", true, "arn:aws:s3:::replica", Optional.empty(), Optional.empty(), false);
    assertThat(
            diff(
                    ControlName.of("replication"),
                    Optional.of(new ReplicationConfig("role", List.of(rule))))
                .isNone())
        .isTrue();
    assertThat(
            diff(
                    ControlName.of("replication"),
                    Optional.of(new ReplicationConfig("role", List.of())))
                .isNone())
        .isFalse();
    assertThat(diff(ControlName.of("replication"), Optional.empty()).observed())
        .isEqualTo("configuration=none");
  }
}
