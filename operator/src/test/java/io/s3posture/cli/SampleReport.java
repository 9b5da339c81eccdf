package io.s3posture.cli;

import io.s3posture.aws.FailureKind;
import io.s3posture.control.FieldDrift;
import java.util.List;
import java.util.Optional;

/** A small report with a pass, failures of two severities and a bucket that could not be read. */
final class SampleReport {

  static final String ACCOUNT = "123456789012";

  private SampleReport() {}

  static AuditReport build() {
    return new AuditReport(
        "recommended baseline",
        List.of(
            Checks.ACCOUNT_PUBLIC_ACCESS_BLOCK,
            Checks.NO_PUBLIC_ACL,
            Checks.VERSIONING,
            Checks.MFA_DELETE),
        Optional.of(
            new AccountReport(
                Optional.of(ACCOUNT), CheckResult.pass(Checks.ACCOUNT_PUBLIC_ACCESS_BLOCK))),
        List.of(
            new BucketReport(
                "alpha",
                Optional.of("us-east-1"),
                List.of(
                    CheckResult.fail(
                        Checks.NO_PUBLIC_ACL,
                        List.of(
                            FieldDrift.put(
                                "publicGrants",
                                "none",
                                "http://acs.amazonaws.com/groups/global/AllUsers:READ"))),
                    CheckResult.pass(Checks.VERSIONING),
                    CheckResult.fail(
                        Checks.MFA_DELETE,
                        List.of(FieldDrift.notRemediable("mfaDelete", "Enabled", "Disabled"))))),
            new BucketReport(
                "beta",
                Optional.empty(),
                List.of(
                    CheckResult.error(
                        Checks.NO_PUBLIC_ACL,
                        CheckReason.failed(FailureKind.NO_SUCH_BUCKET),
                        "no such bucket"),
                    CheckResult.error(
                        Checks.VERSIONING,
                        CheckReason.failed(FailureKind.NO_SUCH_BUCKET),
                        "no such bucket"),
                    CheckResult.error(
                        Checks.MFA_DELETE,
                        CheckReason.failed(FailureKind.NO_SUCH_BUCKET),
                        "no such bucket")))));
  }

  static Verdict verdict() {
    return new ExitCodePolicy(FailOn.MEDIUM).verdict(build());
  }
}
