package io.s3posture.reports;

import io.s3posture.control.CheckInfo;
import io.s3posture.control.Control;
import io.s3posture.control.ControlCatalog;
import io.s3posture.control.ControlName;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A control's audit metadata as Reports show it: the severity and title of the audit check named
 * after the control (its {@link io.s3posture.control.ControlInfo}, the one place they are declared,
 * so a Report and the audit command never disagree on how much a finding matters).
 */
final class ControlAudit {

  /** The audit check named after its control (e.g. versioning, not its MFA delete check). */
  private static final Map<ControlName, CheckInfo> CHECKS = checks(ControlCatalog.standard());

  /** Every technique any check of the control names (bucket controls; account ones apart). */
  private static final Map<ControlName, String> ATTACK = attack(ControlCatalog.standard());

  private ControlAudit() {}

  private static Map<ControlName, String> attack(ControlCatalog catalog) {
    Map<ControlName, String> ids = new HashMap<>();
    for (Control<?, ?, ?> control : catalog.bucketControls()) {
      ids.put(
          control.name(),
          control.info().audit().checks().stream()
              .flatMap(check -> check.attack().stream())
              .map(mapping -> mapping.technique().id())
              .distinct()
              .collect(Collectors.joining(", ")));
    }
    return Map.copyOf(ids);
  }

  private static Map<ControlName, CheckInfo> checks(ControlCatalog catalog) {
    Map<ControlName, CheckInfo> checks = new HashMap<>();
    Stream.<Control<?, ?, ?>>concat(
            catalog.bucketControls().stream(), catalog.accountControls().stream())
        .forEach(
            control ->
                control.info().audit().checks().stream()
                    .filter(check -> check.id().equals(control.name().specName()))
                    .findFirst()
                    .ifPresent(check -> checks.putIfAbsent(control.name(), check)));
    return Map.copyOf(checks);
  }

  /** critical, high, medium or low; empty for a control without an audit check of its name. */
  static Optional<String> severity(ControlName control) {
    return Optional.ofNullable(CHECKS.get(control)).map(check -> check.severity().label());
  }

  /**
   * The MITRE ATT&CK techniques the control's checks mitigate or detect, as ids in the order they
   * declare them, e.g. "T1485, T1486, T1490"; empty for a control that names none.
   */
  static Optional<String> attack(ControlName control) {
    String ids = ATTACK.getOrDefault(control, "");
    return ids.isEmpty() ? Optional.empty() : Optional.of(ids);
  }

  /** What the control requires, for people (e.g. "Versioning enabled"); its name if unknown. */
  static String title(ControlName control) {
    return Optional.ofNullable(CHECKS.get(control))
        .map(CheckInfo::title)
        .orElse(control.specName());
  }
}
