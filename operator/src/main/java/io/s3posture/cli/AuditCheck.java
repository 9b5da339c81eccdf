package io.s3posture.cli;

import io.s3posture.aws.DefaultEncryption;
import io.s3posture.control.ControlName;
import io.s3posture.control.ControlOutcome;
import io.s3posture.control.FieldDrift;
import io.s3posture.control.ManagedControl;
import io.s3posture.control.OutcomeState;
import io.s3posture.control.VersioningControl;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Every check the audit reports, with its severity: the one place severities are defined. A check
 * is a control's outcome (MFA delete is reported apart from versioning, as scanners do), or the
 * account-level Block Public Access.
 */
public enum AuditCheck {
  NO_PUBLIC_ACL(
      io.s3posture.control.NoPublicAclControl.INFO.name(),
      "No bucket ACL grant to everyone",
      "A grant to AllUsers or AuthenticatedUsers makes the bucket readable or writable by anyone.",
      Severity.CRITICAL),
  ACLS_DISABLED(
      io.s3posture.control.AclsDisabledControl.INFO.name(),
      "ACLs disabled (object ownership BucketOwnerEnforced)",
      "With ACLs disabled only policies grant access, and the bucket owner owns every object.",
      Severity.MEDIUM),
  PUBLIC_ACCESS_BLOCK(
      io.s3posture.control.PublicAccessBlockControl.INFO.name(),
      "Bucket Block Public Access on",
      "BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy and RestrictPublicBuckets keep public"
          + " ACLs and policies from taking effect.",
      Severity.HIGH),
  ENCRYPTION(
      io.s3posture.control.EncryptionControl.INFO.name(),
      "Default encryption with an accepted algorithm and key",
      "New objects are encrypted at rest; a KMS key that is not accepted may be an attacker's.",
      Severity.HIGH),
  VERSIONING(
      io.s3posture.control.VersioningControl.INFO.name(),
      "Versioning enabled",
      "Versioning keeps overwritten and deleted objects recoverable.",
      Severity.MEDIUM),
  MFA_DELETE(
      io.s3posture.control.VersioningControl.INFO.name(),
      "mfaDelete",
      "MFA delete enabled",
      "Deleting object versions or suspending versioning needs the root user's MFA code. Only the"
          + " root user can change it.",
      Severity.LOW,
      field -> field.equals("mfaDelete"),
      desired -> desired instanceof VersioningControl.Requirement r && r.mfaDelete()),
  OBJECT_LOCK(
      io.s3posture.control.ObjectLockControl.INFO.name(),
      "Object lock enabled",
      "Object lock (WORM) keeps object versions from being deleted or overwritten.",
      Severity.LOW),
  REPLICATION(
      io.s3posture.control.ReplicationControl.INFO.name(),
      "Replication configured",
      "Replication keeps a copy of new objects in another bucket.",
      Severity.LOW),
  TLS_ONLY(
      io.s3posture.control.TlsOnlyControl.INFO.name(),
      "Bucket policy denies requests without TLS",
      "A Deny on aws:SecureTransport=false refuses plain-HTTP access.",
      Severity.MEDIUM),
  NO_PUBLIC_POLICY(
      io.s3posture.control.NoPublicPolicyControl.INFO.name(),
      "No bucket policy statement allows everyone",
      "An Allow for Principal * without a restricting condition makes the bucket public.",
      Severity.CRITICAL),
  ACCESS_LOGGING(
      io.s3posture.control.AccessLoggingControl.INFO.name(),
      "Server access logging enabled",
      "Access logs record who did what to the bucket, for investigations.",
      Severity.MEDIUM),
  WEBSITE_DISABLED(
      io.s3posture.control.WebsiteDisabledControl.INFO.name(),
      "Static website hosting disabled",
      "Website endpoints are HTTP-only and serve objects to anyone who can read them.",
      Severity.MEDIUM),
  ACCOUNT_PUBLIC_ACCESS_BLOCK(
      null,
      "accountPublicAccessBlock",
      "Account Block Public Access on",
      "The account-level flags apply to every bucket of the account, present and future.",
      Severity.HIGH,
      field -> true,
      desired -> false);

  private final ControlName control;
  private final String id;
  private final String title;
  private final String description;
  private final Severity severity;
  private final Predicate<String> fields;
  private final Predicate<Object> appliesTo;

  AuditCheck(ControlName control, String title, String description, Severity severity) {
    this(
        control,
        control.specName(),
        title,
        description,
        severity,
        control == io.s3posture.control.VersioningControl.INFO.name()
            ? field -> !field.equals("mfaDelete")
            : field -> true,
        desired -> true);
  }

  AuditCheck(
      ControlName control,
      String id,
      String title,
      String description,
      Severity severity,
      Predicate<String> fields,
      Predicate<Object> appliesTo) {
    this.control = control;
    this.id = id;
    this.title = title;
    this.description = description;
    this.severity = severity;
    this.fields = fields;
    this.appliesTo = appliesTo;
  }

  /** Stable identifier in reports and SARIF rule ids: the control's spec name. */
  public String id() {
    return id;
  }

  public String title() {
    return title;
  }

  public String description() {
    return description;
  }

  public Severity severity() {
    return severity;
  }

  /** The control whose outcome this check judges; empty for the account-level check. */
  public Optional<ControlName> control() {
    return Optional.ofNullable(control);
  }

  /**
   * The check's counterparts in common frameworks: CIS AWS Foundations Benchmark v3.0.0
   * recommendations and AWS Security Hub control ids (S3.x, the ids of the AWS Foundational
   * Security Best Practices standard), as AWS's Security Hub documentation relates them.
   */
  public List<FrameworkMapping> frameworks() {
    return switch (this) {
      case NO_PUBLIC_ACL, NO_PUBLIC_POLICY ->
          List.of(FrameworkMapping.securityHub("S3.2"), FrameworkMapping.securityHub("S3.3"));
      case ACLS_DISABLED -> List.of(FrameworkMapping.securityHub("S3.12"));
      case PUBLIC_ACCESS_BLOCK ->
          List.of(FrameworkMapping.cis("2.1.4"), FrameworkMapping.securityHub("S3.8"));
      case ACCOUNT_PUBLIC_ACCESS_BLOCK ->
          List.of(FrameworkMapping.cis("2.1.4"), FrameworkMapping.securityHub("S3.1"));
      case ENCRYPTION -> List.of(FrameworkMapping.securityHub("S3.17"));
      case VERSIONING -> List.of(FrameworkMapping.securityHub("S3.14"));
      case MFA_DELETE ->
          List.of(FrameworkMapping.cis("2.1.2"), FrameworkMapping.securityHub("S3.20"));
      case OBJECT_LOCK -> List.of(FrameworkMapping.securityHub("S3.15"));
      case REPLICATION -> List.of(FrameworkMapping.securityHub("S3.7"));
      case TLS_ONLY -> List.of(FrameworkMapping.cis("2.1.1"), FrameworkMapping.securityHub("S3.5"));
      case ACCESS_LOGGING -> List.of(FrameworkMapping.securityHub("S3.9"));
      case WEBSITE_DISABLED -> List.of();
    };
  }

  /**
   * What a passing check found, when a reviewer needs it (e.g. which KMS key encrypts the bucket);
   * empty when "pass" says everything.
   *
   * @param observed what the check's control read from the bucket
   */
  public Optional<String> passDetail(Object observed) {
    if (this == ENCRYPTION && observed instanceof DefaultEncryption encryption) {
      String detail =
          encryption.usesKms()
              ? encryption.algorithm()
                  + " with KMS key "
                  + encryption.kmsKeyId().orElse("aws/s3 (the AWS managed key)")
              : encryption.algorithm() + " (SSE-S3, keys managed by S3)";
      return Optional.of(encryption.bucketKey() ? detail + ", bucket key on" : detail);
    }
    return Optional.empty();
  }

  /**
   * A field of drift as reviewers should read it. TLS-only is met by any statement that denies
   * plain HTTP, whatever its Sid: the operator's Sid is only where it writes its own.
   */
  FieldDrift present(FieldDrift drift) {
    if (this == TLS_ONLY && drift.field().startsWith("statement[")) {
      return new FieldDrift(
          "bucketPolicy",
          "a statement that denies s3:* when aws:SecureTransport is false (any Sid)",
          drift.observed().equals("missing") ? "no such statement" : drift.observed(),
          drift.remedy());
    }
    return drift;
  }

  /** The checks that report on {@code managed}'s outcome. */
  public static List<AuditCheck> of(ManagedControl<?, ?, ?> managed) {
    return Arrays.stream(values())
        .filter(check -> managed.name().equals(check.control))
        .filter(check -> check.appliesTo.test(managed.desired()))
        .toList();
  }

  /** This check's result from its control's outcome. */
  public CheckResult judge(ControlOutcome outcome) {
    if (outcome.state() == OutcomeState.FAILED || outcome.state() == OutcomeState.CONFLICT) {
      return CheckResult.error(this, outcome.reasonLabel(), outcome.message());
    }
    List<FieldDrift> drift =
        outcome.drift().fields().stream()
            .filter(f -> fields.test(f.field()))
            .map(this::present)
            .toList();
    return drift.isEmpty() ? CheckResult.pass(this) : CheckResult.fail(this, drift);
  }
}
