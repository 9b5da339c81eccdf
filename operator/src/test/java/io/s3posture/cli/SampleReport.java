package io.s3posture.cli;

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
            AuditCheck.ACCOUNT_PUBLIC_ACCESS_BLOCK,
            AuditCheck.NO_PUBLIC_ACL,
            AuditCheck.VERSIONING,
            AuditCheck.MFA_DELETE),
        Optional.of(
            new AccountReport(
                Optional.of(ACCOUNT), CheckResult.pass(AuditCheck.ACCOUNT_PUBLIC_ACCESS_BLOCK))),
        List.of(
            new BucketReport(
                "alpha",
                Optional.of("us-east-1"),
                List.of(
                    CheckResult.fail(
                        AuditCheck.NO_PUBLIC_ACL,
                        List.of(
                            FieldDrift.put(
                                "publicGrants",
                                "none",
                                "http://acs.amazonaws.com/groups/global/AllUsers:READ"))),
                    CheckResult.pass(AuditCheck.VERSIONING),
                    CheckResult.fail(
                        AuditCheck.MFA_DELETE,
                        List.of(FieldDrift.notRemediable("mfaDelete", "Enabled", "Disabled"))))),
            new BucketReport(
                "beta",
                Optional.empty(),
                List.of(
                    CheckResult.error(AuditCheck.NO_PUBLIC_ACL, "NoSuchBucket", "no such bucket"),
                    CheckResult.error(AuditCheck.VERSIONING, "NoSuchBucket", "no such bucket"),
                    CheckResult.error(AuditCheck.MFA_DELETE, "NoSuchBucket", "no such bucket")))));
  }

  static Verdict verdict() {
    return new ExitCodePolicy(FailOn.MEDIUM).verdict(build());
  }
}
