package io.s3posture.cli;

import io.s3posture.control.AccountSubject;
import io.s3posture.control.AttackMapping;
import io.s3posture.control.BucketSubject;
import io.s3posture.control.CheckInfo;
import io.s3posture.control.Control;
import io.s3posture.control.ControlCatalog;
import io.s3posture.control.ControlName;
import io.s3posture.control.ControlOutcome;
import io.s3posture.control.FieldDrift;
import io.s3posture.control.FrameworkMapping;
import io.s3posture.control.ManagedControl;
import io.s3posture.control.OutcomeState;
import io.s3posture.control.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A check the audit reports: one of the checks a control declares in its registration ({@link
 * io.s3posture.control.ControlInfo#audit()}), judged from that control's outcome. Nothing about a
 * check (id, title, severity, framework mappings) is defined here.
 *
 * @param controlName the control whose outcome this check judges
 * @param account whether it is an account-level check (reported once per run)
 */
public record AuditCheck(ControlName controlName, boolean account, CheckInfo info) {

  public AuditCheck {
    Objects.requireNonNull(controlName, "controlName");
    Objects.requireNonNull(info, "info");
  }

  /** Stable identifier in reports and SARIF rule ids. */
  public String id() {
    return info.id();
  }

  public String title() {
    return info.title();
  }

  public String description() {
    return info.description();
  }

  public Severity severity() {
    return info.severity();
  }

  /**
   * The check's counterparts in common frameworks: CIS AWS Foundations Benchmark v3.0.0
   * recommendations and AWS Security Hub control ids, as AWS's Security Hub documentation relates
   * them.
   */
  public List<FrameworkMapping> frameworks() {
    return info.frameworks();
  }

  /** The MITRE ATT&CK techniques the check mitigates or detects. */
  public List<AttackMapping> attack() {
    return info.attack();
  }

  /** The bucket control whose outcome this check judges; empty for account-level checks. */
  public Optional<ControlName> control() {
    return account ? Optional.empty() : Optional.of(controlName);
  }

  /**
   * What a passing check found, when a reviewer needs it (e.g. which KMS key encrypts the bucket);
   * empty when "pass" says everything.
   *
   * @param observed what the check's control read from the bucket
   */
  public Optional<String> passDetail(Object observed) {
    return info.passDetail().apply(observed);
  }

  /** The checks that report on a bucket control's outcome. */
  public static List<AuditCheck> of(ManagedControl<BucketSubject, ?, ?> managed) {
    return of(managed.control(), managed.desired(), false);
  }

  /** The checks that report on an account control's outcome. */
  public static List<AuditCheck> ofAccount(ManagedControl<AccountSubject, ?, ?> managed) {
    return of(managed.control(), managed.desired(), true);
  }

  private static List<AuditCheck> of(Control<?, ?, ?> control, Object desired, boolean account) {
    return control.info().audit().checks().stream()
        .filter(check -> check.appliesTo().test(desired))
        .map(check -> new AuditCheck(control.name(), account, check))
        .toList();
  }

  /** Every check the catalog's controls declare: the account's, then the buckets' in run order. */
  public static List<AuditCheck> all(ControlCatalog catalog) {
    List<AuditCheck> checks = new ArrayList<>();
    catalog.accountControls().forEach(control -> add(checks, control, true));
    catalog.bucketControls().forEach(control -> add(checks, control, false));
    return List.copyOf(checks);
  }

  private static void add(List<AuditCheck> into, Control<?, ?, ?> control, boolean account) {
    control
        .info()
        .audit()
        .checks()
        .forEach(info -> into.add(new AuditCheck(control.name(), account, info)));
  }

  /** The check with this id among {@code catalog}'s. */
  public static AuditCheck byId(ControlCatalog catalog, String id) {
    return all(catalog).stream()
        .filter(check -> check.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no audit check " + id));
  }

  /** This check's result from its control's outcome, as on AWS (strict). */
  public CheckResult judge(ControlOutcome outcome) {
    return judge(outcome, true);
  }

  /**
   * This check's result from its control's outcome. {@code onAws}: the endpoint is AWS's; elsewhere
   * a check that needs what only AWS reports is unverifiable rather than failed.
   */
  public CheckResult judge(ControlOutcome outcome, boolean onAws) {
    if (outcome.state() == OutcomeState.FAILED || outcome.state() == OutcomeState.CONFLICT) {
      return CheckResult.error(this, CheckReason.of(outcome), outcome.message());
    }
    List<FieldDrift> drift =
        outcome.drift().fields().stream()
            .filter(f -> info.judges().test(f.field()))
            .map(info.present())
            .toList();
    if (drift.isEmpty()) {
      return CheckResult.pass(this);
    }
    if (!onAws && info.unverifiableOffAws().isPresent()) {
      return CheckResult.unverifiable(this, drift, info.unverifiableOffAws().get());
    }
    return CheckResult.fail(this, drift);
  }

  @Override
  public String toString() {
    return id();
  }
}
