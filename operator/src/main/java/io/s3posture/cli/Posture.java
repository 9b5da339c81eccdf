package io.s3posture.cli;

import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.control.AccountSubject;
import io.s3posture.control.BucketSubject;
import io.s3posture.control.ControlCatalog;
import io.s3posture.control.ControlName;
import io.s3posture.control.ManagedControl;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What buckets (and the account) are checked against. Every control runs in Audit mode whatever its
 * source says: the audit never writes.
 *
 * @param name for reports, e.g. "recommended baseline"
 * @param controls the controls each bucket is checked with, in the engine's order
 * @param accountControls the controls the account is checked with once per run (none: no account
 *     check), in the engine's order
 * @param defaultFailOn the --fail-on threshold when none is given
 */
public record Posture(
    String name,
    List<ManagedControl<BucketSubject, ?, ?>> controls,
    List<ManagedControl<AccountSubject, ?, ?>> accountControls,
    FailOn defaultFailOn) {

  private static final ControlCatalog CATALOG = ControlCatalog.standard();

  public Posture {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(defaultFailOn, "defaultFailOn");
    controls =
        controls.stream()
            .<ManagedControl<BucketSubject, ?, ?>>map(managed -> managed.inMode(Mode.Audit))
            .sorted(Comparator.comparing(ManagedControl::name, CATALOG.bucketRunOrder()))
            .toList();
    accountControls =
        accountControls.stream()
            .<ManagedControl<AccountSubject, ?, ?>>map(managed -> managed.inMode(Mode.Audit))
            .sorted(Comparator.comparing(ManagedControl::name, CATALOG.accountRunOrder()))
            .toList();
  }

  /** The checks reported per bucket, by the control whose outcome they judge. */
  public Map<ControlName, List<AuditCheck>> bucketChecks() {
    Map<ControlName, List<AuditCheck>> checks = new LinkedHashMap<>();
    controls.forEach(managed -> checks.put(managed.name(), AuditCheck.of(managed)));
    return checks;
  }

  /** The checks reported once for the account, by the control whose outcome they judge. */
  public Map<ControlName, List<AuditCheck>> accountChecks() {
    Map<ControlName, List<AuditCheck>> checks = new LinkedHashMap<>();
    accountControls.forEach(managed -> checks.put(managed.name(), AuditCheck.ofAccount(managed)));
    return checks;
  }

  /** Every check of the posture: the account's, then the buckets' in the engine's order. */
  public List<AuditCheck> checks() {
    List<AuditCheck> checks = new ArrayList<>();
    accountChecks().values().forEach(checks::addAll);
    bucketChecks().values().forEach(checks::addAll);
    return checks;
  }
}
