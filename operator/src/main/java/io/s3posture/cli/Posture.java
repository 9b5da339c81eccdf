package io.s3posture.cli;

import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.aws.PublicAccessBlock;
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
import java.util.Optional;

/**
 * What buckets are checked against. Every control runs in Audit mode whatever its source says: the
 * audit never writes.
 *
 * @param name for reports, e.g. "recommended baseline"
 * @param controls the controls each bucket is checked with, in the engine's order
 * @param accountBlock the account-level Block Public Access flags required, if checked at all
 * @param defaultFailOn the --fail-on threshold when none is given
 */
public record Posture(
    String name,
    List<ManagedControl<BucketSubject, ?, ?>> controls,
    Optional<PublicAccessBlock> accountBlock,
    FailOn defaultFailOn) {

  public Posture {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(accountBlock, "accountBlock");
    Objects.requireNonNull(defaultFailOn, "defaultFailOn");
    controls =
        controls.stream()
            .<ManagedControl<BucketSubject, ?, ?>>map(managed -> managed.inMode(Mode.Audit))
            .sorted(Comparator.comparing(ManagedControl::name, RUN_ORDER))
            .toList();
  }

  private static final Comparator<ControlName> RUN_ORDER =
      ControlCatalog.standard().bucketRunOrder();

  /** The checks reported per bucket, by the control whose outcome they judge. */
  public Map<ControlName, List<AuditCheck>> bucketChecks() {
    Map<ControlName, List<AuditCheck>> checks = new LinkedHashMap<>();
    controls.forEach(managed -> checks.put(managed.name(), AuditCheck.of(managed)));
    return checks;
  }

  /** Every check of the posture: the account's, then the buckets' in the engine's order. */
  public List<AuditCheck> checks() {
    List<AuditCheck> checks = new ArrayList<>();
    accountBlock.ifPresent(flags -> checks.add(AuditCheck.ACCOUNT_PUBLIC_ACCESS_BLOCK));
    bucketChecks().values().forEach(checks::addAll);
    return checks;
  }
}
