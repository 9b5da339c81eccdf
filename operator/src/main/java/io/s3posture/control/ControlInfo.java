package io.s3posture.control;

import java.util.Objects;
import java.util.Set;

/**
 * What a control declares about itself, once: its name (the field of spec.controls that configures
 * it), the controls that must be in place before it may write ({@code dependsOn}), the controls
 * whose writes must come first ({@code runsAfter}, AWS's ordering rules), the CloudTrail event
 * names of calls that can change what it checks (they trigger a re-check) and what the audit
 * reports about it ({@code audit}: checks, severity, framework mappings, baseline membership).
 */
public record ControlInfo(
    ControlName name,
    Set<ControlName> dependsOn,
    Set<ControlName> runsAfter,
    Set<String> changedBy,
    AuditInfo audit) {

  public ControlInfo {
    Objects.requireNonNull(name, "name");
    dependsOn = Set.copyOf(dependsOn);
    runsAfter = Set.copyOf(runsAfter);
    changedBy = Set.copyOf(changedBy);
    Objects.requireNonNull(audit, "audit");
  }

  /** A registration without audit metadata (tests; a registered control must declare it). */
  public ControlInfo(
      ControlName name,
      Set<ControlName> dependsOn,
      Set<ControlName> runsAfter,
      Set<String> changedBy) {
    this(name, dependsOn, runsAfter, changedBy, AuditInfo.NONE);
  }

  public static ControlInfo of(String name, String... changedBy) {
    return new ControlInfo(ControlName.of(name), Set.of(), Set.of(), Set.of(changedBy));
  }

  /** Must be in place before this control writes, and is therefore also run first. */
  public ControlInfo dependingOn(ControlName... controls) {
    return new ControlInfo(name, Set.of(controls), runsAfter, changedBy, audit);
  }

  /** Writes first when both need a write (no gate). */
  public ControlInfo after(ControlName... controls) {
    return new ControlInfo(name, dependsOn, Set.of(controls), changedBy, audit);
  }

  /** What the audit command reports about this control. */
  public ControlInfo audited(AuditInfo info) {
    return new ControlInfo(name, dependsOn, runsAfter, changedBy, info);
  }

  /** The audit checks of a control the recommended baseline checks. */
  public ControlInfo audited(CheckInfo... checks) {
    return audited(AuditInfo.of(checks));
  }
}
