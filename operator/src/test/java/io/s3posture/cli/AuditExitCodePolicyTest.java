package io.s3posture.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.api.v1alpha1.Exemption;
import io.s3posture.aws.FailureKind;
import io.s3posture.control.FieldDrift;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuditExitCodePolicyTest {

  private static AuditReport oneResult(CheckResult result) {
    return new AuditReport(
        "test",
        List.of(result.check()),
        Optional.empty(),
        List.of(new BucketReport("b", Optional.of("us-east-1"), List.of(result))));
  }

  /** The reason of a call that failed with the kind whose reason is {@code label}. */
  private static CheckReason failed(String label) {
    return CheckReason.failed(
        Arrays.stream(FailureKind.values())
            .filter(kind -> kind.reason().equals(label))
            .findFirst()
            .orElseThrow());
  }

  private static CheckResult result(AuditCheck check, CheckStatus status, String reason) {
    return switch (status) {
      case PASS -> CheckResult.pass(check);
      case FAIL -> CheckResult.fail(check, List.of(FieldDrift.put("f", "a", "b")));
      case ERROR -> CheckResult.error(check, failed(reason), "could not read: " + reason);
      case UNVERIFIABLE ->
          CheckResult.unverifiable(
              check, List.of(FieldDrift.put("f", "a", "b")), "the store cannot show it");
      case SUPPRESSED ->
          CheckResult.fail(check, List.of(FieldDrift.put("f", "a", "b")))
              .suppressedBy(
                  new Suppression(
                      new Exemption(
                          List.of("b"), List.of("x"), "known", "team", "2999-01-01T00:00:00Z"),
                      false));
    };
  }

  @ParameterizedTest(name = "{0} {1} ({2}) with --fail-on {3} -> {4}")
  @CsvSource({
    // check (severity)       status  reason         fail-on   exit
    "NO_PUBLIC_ACL,           PASS,   -,             LOW,      0",
    "NO_PUBLIC_ACL,           FAIL,   -,             CRITICAL, 1",
    "NO_PUBLIC_ACL,           FAIL,   -,             NONE,     0",
    "NO_PUBLIC_ACL,           SUPPRESSED, -,         LOW,      0",
    "NO_PUBLIC_ACL,           UNVERIFIABLE, -,       LOW,      0",
    "VERSIONING,              FAIL,   -,             MEDIUM,   1",
    "VERSIONING,              FAIL,   -,             HIGH,     0",
    "MFA_DELETE,              FAIL,   -,             MEDIUM,   0",
    "MFA_DELETE,              FAIL,   -,             LOW,      1",
    "OBJECT_LOCK,             FAIL,   -,             MEDIUM,   0",
    "REPLICATION,             FAIL,   -,             MEDIUM,   0",
    "PUBLIC_ACCESS_BLOCK,     ERROR,  AccessDenied,  MEDIUM,   1",
    "MFA_DELETE,              ERROR,  AccessDenied,  MEDIUM,   0",
    "PUBLIC_ACCESS_BLOCK,     ERROR,  NoSuchBucket,  NONE,     0",
    "MFA_DELETE,              ERROR,  CredentialsError, NONE,  2",
    "NO_PUBLIC_ACL,           ERROR,  NetworkError,  LOW,      2"
  })
  void exitCode(String check, CheckStatus status, String reason, FailOn failOn, int exit) {
    Verdict verdict =
        new ExitCodePolicy(failOn).verdict(oneResult(result(Checks.named(check), status, reason)));

    assertThat(verdict.exitCode()).isEqualTo(exit);
    assertThat(verdict.failOn()).isEqualTo(failOn);
    assertThat(verdict.accessProblem().isPresent()).isEqualTo(exit == 2);
    assertThat(verdict.result()).isEqualTo(exit == 0 ? "pass" : exit == 1 ? "fail" : "error");
  }

  @ParameterizedTest
  @CsvSource({"LOW, 1", "MEDIUM, 1", "HIGH, 1", "CRITICAL, 0"})
  void theAccountCheckCountsLikeABucketCheck(FailOn failOn, int exit) {
    AuditReport report =
        new AuditReport(
            "test",
            List.of(Checks.ACCOUNT_PUBLIC_ACCESS_BLOCK),
            Optional.of(
                new AccountReport(
                    Optional.of("123456789012"),
                    CheckResult.fail(
                        Checks.ACCOUNT_PUBLIC_ACCESS_BLOCK,
                        List.of(FieldDrift.put("blockPublicAcls", true, false))))),
            List.of());

    assertThat(new ExitCodePolicy(failOn).verdict(report).exitCode()).isEqualTo(exit);
  }

  @ParameterizedTest(name = "{0} {1} with --fail-on {2}: bucket {3}")
  @CsvSource({
    "MFA_DELETE,          FAIL,       MEDIUM, WARN",
    "MFA_DELETE,          FAIL,       LOW,    FAIL",
    "PUBLIC_ACCESS_BLOCK, FAIL,       NONE,   WARN",
    "PUBLIC_ACCESS_BLOCK, ERROR,      MEDIUM, ERROR",
    "MFA_DELETE,          ERROR,      MEDIUM, WARN",
    "NO_PUBLIC_ACL,       SUPPRESSED, LOW,    PASS",
    "NO_PUBLIC_ACL,       PASS,       LOW,    PASS"
  })
  void aBucketFailsOnlyForWhatFailsTheRun(
      String check, CheckStatus status, FailOn failOn, BucketStatus expected) {
    BucketReport bucket =
        oneResult(result(Checks.named(check), status, "AccessDenied")).buckets().get(0);

    assertThat(bucket.status(failOn)).isEqualTo(expected);
  }
}
