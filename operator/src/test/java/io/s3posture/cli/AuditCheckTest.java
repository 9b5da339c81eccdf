package io.s3posture.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.aws.FailureKind;
import io.s3posture.control.BucketSubject;
import io.s3posture.control.ControlCatalog;
import io.s3posture.control.ControlName;
import io.s3posture.control.ControlOutcome;
import io.s3posture.control.Drift;
import io.s3posture.control.FieldDrift;
import io.s3posture.control.ManagedControl;
import io.s3posture.control.OutcomeReason;
import io.s3posture.control.OutcomeState;
import io.s3posture.control.Severity;
import io.s3posture.control.VersioningControl;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuditCheckTest {

  private static ManagedControl<BucketSubject, ?, ?> versioning(boolean mfaDelete) {
    return new ManagedControl<>(
        new VersioningControl(), new VersioningControl.Requirement(mfaDelete), Mode.Audit);
  }

  private static ControlOutcome drifted(ControlName control, FieldDrift... fields) {
    return new ControlOutcome(
        control,
        OutcomeState.DRIFTED,
        Drift.of(fields),
        OutcomeReason.AuditMode,
        Optional.empty(),
        "reported only",
        false);
  }

  @ParameterizedTest
  @CsvSource({
    "noPublicAcl, CRITICAL",
    "noPublicPolicy, CRITICAL",
    "publicAccessBlock, HIGH",
    "accountPublicAccessBlock, HIGH",
    "encryption, HIGH",
    "aclsDisabled, MEDIUM",
    "versioning, MEDIUM",
    "tlsOnly, MEDIUM",
    "accessLogging, MEDIUM",
    "websiteDisabled, MEDIUM",
    "mfaDelete, LOW",
    "objectLock, LOW",
    "replication, LOW"
  })
  void severityAndIdOfEveryCheck(String id, Severity severity) {
    AuditCheck check = Checks.byId(id);
    assertThat(check.id()).isEqualTo(id);
    assertThat(check.severity()).isEqualTo(severity);
    assertThat(check.title()).isNotBlank();
    assertThat(check.description()).isNotBlank();
  }

  @Test
  void checkIdsAreUniqueAndEveryBucketControlIsReportedUnderItsSpecName() {
    Set<String> ids = new HashSet<>();
    List<AuditCheck> all = AuditCheck.all(ControlCatalog.standard());
    all.forEach(check -> ids.add(check.id()));

    assertThat(ids).hasSize(all.size());
    for (var control : ControlCatalog.standard().bucketControls()) {
      assertThat(ids).as("a check reports %s", control.name()).contains(control.name().specName());
    }
  }

  @Test
  void mfaDeleteIsItsOwnCheckOnlyWhenRequired() {
    assertThat(AuditCheck.of(versioning(true)))
        .containsExactly(Checks.VERSIONING, Checks.MFA_DELETE);
    assertThat(AuditCheck.of(versioning(false))).containsExactly(Checks.VERSIONING);
  }

  @Test
  void versioningAndMfaDeleteEachJudgeTheirOwnFields() {
    ControlOutcome onlyMfa =
        drifted(
            ControlName.of("versioning"),
            FieldDrift.notRemediable("mfaDelete", "Enabled", "Disabled"));
    ControlOutcome both =
        drifted(
            ControlName.of("versioning"),
            FieldDrift.put("status", "Enabled", "Suspended"),
            FieldDrift.notRemediable("mfaDelete", "Enabled", "Disabled"));
    ControlOutcome compliant = ControlOutcome.compliant(ControlName.of("versioning"));

    assertThat(Checks.VERSIONING.judge(onlyMfa).status()).isEqualTo(CheckStatus.PASS);
    assertThat(Checks.MFA_DELETE.judge(onlyMfa).status()).isEqualTo(CheckStatus.FAIL);
    assertThat(Checks.VERSIONING.judge(both).message())
        .isEqualTo("status: expected Enabled, found Suspended");
    assertThat(Checks.MFA_DELETE.judge(both).drift())
        .extracting(FieldDrift::field)
        .containsExactly("mfaDelete");
    assertThat(Checks.MFA_DELETE.judge(compliant).status()).isEqualTo(CheckStatus.PASS);
  }

  @Test
  void aFailedReadIsAnErrorWithTheFailuresReason() {
    ControlOutcome denied =
        new ControlOutcome(
            ControlName.of("versioning"),
            OutcomeState.FAILED,
            Drift.NONE,
            OutcomeReason.AwsCallFailed,
            Optional.of(FailureKind.ACCESS_DENIED),
            "could not read: GetBucketVersioning failed: AccessDenied",
            false);

    CheckResult result = Checks.MFA_DELETE.judge(denied);

    assertThat(result.status()).isEqualTo(CheckStatus.ERROR);
    assertThat(result.reason()).isEqualTo(CheckReason.failed(FailureKind.ACCESS_DENIED));
    assertThat(result.message()).contains("GetBucketVersioning failed");
    assertThat(result.severity()).isEqualTo(Severity.LOW);
  }

  @Test
  void sarifLevelsFollowSeverity() {
    assertThat(Severity.CRITICAL.sarifLevel()).isEqualTo("error");
    assertThat(Severity.HIGH.sarifLevel()).isEqualTo("error");
    assertThat(Severity.MEDIUM.sarifLevel()).isEqualTo("warning");
    assertThat(Severity.LOW.sarifLevel()).isEqualTo("note");
    assertThat(Double.parseDouble(Severity.CRITICAL.securitySeverity()))
        .isGreaterThan(Double.parseDouble(Severity.HIGH.securitySeverity()));
  }
}
